import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/aws-config.js';
import { awsError, runProbe } from '../helpers.js';

const cfg = mockClient(ConfigServiceClient);
afterEach(() => cfg.reset());

const REC = 'arn:aws:config:us-east-1:123456789012:configuration-recorder/default/abc';
function recorder(group: object = { allSupported: true }, status: object = { recording: true, lastStatus: 'Success' }, channels = [{ name: 'default', s3BucketName: 'config-logs' }]) {
  cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', arn: REC, recordingGroup: group }] });
  cfg.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', ...status }] });
  cfg.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: channels });
}

describe('AWS Config probe', () => {
  it('PASS: a customer-managed recorder recording all types with a delivery channel', async () => {
    recorder();
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('recorder default recording all supported types with a delivery channel');
    expect(check.resources).toEqual([{ id: REC, region: 'us-east-1', status: 'PASS', reason: check.reason }]);
    expect(check.evidence.length).toBe(3);
  });

  it('PASS when the recorder lists the SageMaker resource types instead of all types', async () => {
    recorder({ allSupported: false, resourceTypes: ['AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::NotebookInstance', 'AWS::SageMaker::Domain', 'AWS::S3::Bucket'] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('recorder default recording the AI resource types with a delivery channel');
  });

  it('FAIL(NOT_ENABLED): no recorder (empty list, no error)', async () => {
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('no Config recorder');
  });

  it('FAIL(NOT_ENABLED): the recorder is stopped; only service-linked recorders count as none', async () => {
    recorder(undefined, { recording: false });
    let { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('recorder default is not recording');
    cfg.reset();
    cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'aws-sl', servicePrincipal: 'config-conforms.amazonaws.com' }] });
    ({ check } = await runProbe(probe, { control: 'A.13' }));
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('only service-linked Config recorders; no customer-managed recorder');
  });

  it('FAIL(MISCONFIGURED): failing delivery, SageMaker types not recorded, no delivery channel', async () => {
    recorder(undefined, { recording: true, lastStatus: 'Failure', lastErrorCode: 'NoSuchBucket' });
    let { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('recorder default last status Failure (NoSuchBucket)');
    cfg.reset();
    recorder({ allSupported: false, resourceTypes: ['AWS::S3::Bucket'] });
    ({ check } = await runProbe(probe, { control: 'A.13' }));
    expect(check.reason).toBe('recorder default records neither all resource types nor the SageMaker types');
    cfg.reset();
    recorder(undefined, undefined, []);
    ({ check } = await runProbe(probe, { control: 'A.13' }));
    expect(check.reason).toBe('no delivery channel');
  });

  it('judges every region on its own', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).callsFake(async (_i, getClient) =>
      (await getClient().config.region()) === 'us-east-1' ? { ConfigurationRecorders: [{ name: 'default', arn: REC, recordingGroup: { allSupported: true } }] } : { ConfigurationRecorders: [] },
    );
    cfg.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
    cfg.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default' }] });
    const { check } = await runProbe(probe, { control: 'A.13', regions: ['us-east-1', 'eu-west-1'] });
    expect(check.status).toBe('FAIL');
    expect(check.regions.map((r) => [r.region, r.status])).toEqual([['eu-west-1', 'FAIL'], ['us-east-1', 'PASS']]);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/config:DescribeConfigurationRecorders/);
  });
});
