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

  // The status list alone tells whether a customer-managed recorder exists, and an empty channel
  // list alone is a failure (unmocked, they answer "none"): all three are denied here so that
  // nothing can decide.
  it('ERROR naming the IAM action on AccessDenied', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    cfg.on(DescribeConfigurationRecorderStatusCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    cfg.on(DescribeDeliveryChannelsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/config:DescribeConfigurationRecorders/);
  });

  describe('partial evidence (issue 15)', () => {
    const denied = () => awsError('AccessDeniedException', 'User is not authorized to perform this action', 400);

    it('DescribeConfigurationRecorders denied, the status says not recording: FAIL(NOT_ENABLED) without it', async () => {
      recorder(undefined, { recording: false });
      cfg.on(DescribeConfigurationRecordersCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: 'A.13' });
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('NOT_ENABLED');
      expect(check.reason).toBe('recorder default is not recording');
    });

    it('DescribeConfigurationRecorders denied, recording: ERROR naming it (what it records is unknown)', async () => {
      recorder();
      cfg.on(DescribeConfigurationRecordersCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: 'A.13' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['config:DescribeConfigurationRecorders']);
    });

    it('DescribeDeliveryChannels denied: a stopped recorder still FAILs; a healthy one is ERROR naming the channel read', async () => {
      recorder(undefined, { recording: false });
      cfg.on(DescribeDeliveryChannelsCommand).rejects(denied());
      let { check } = await runProbe(probe, { control: 'A.13' });
      expect(check.status).toBe('FAIL');
      cfg.reset();
      recorder();
      cfg.on(DescribeDeliveryChannelsCommand).rejects(denied());
      ({ check } = await runProbe(probe, { control: 'A.13' }));
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['config:DescribeDeliveryChannels']);
      expect(check.resources).toEqual([expect.objectContaining({ id: REC, status: 'ERROR' })]);
    });

    it('DescribeConfigurationRecorderStatus denied, a recorder that records no AI type: FAIL(MISCONFIGURED) without it', async () => {
      recorder({ allSupported: false, resourceTypes: ['AWS::S3::Bucket'] });
      cfg.on(DescribeConfigurationRecorderStatusCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: 'A.13' });
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('MISCONFIGURED');
    });
  });

  describe('what the recorder records (issue 16)', () => {
    it('PASS: a recorder that records every type but an excluded list without AI types (EXCLUSION_BY_RESOURCE_TYPES)', async () => {
      recorder({ allSupported: false, resourceTypes: [], exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::NetworkInterface'] }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } });
      const { check } = await runProbe(probe, { control: 'A.13' });
      expect(check.status).toBe('PASS');
      expect(check.reason).toMatch(/all types but the excluded ones/);
    });

    it('FAIL: the exclusion list excludes an AI type', async () => {
      recorder({ allSupported: false, exclusionByResourceTypes: { resourceTypes: ['AWS::SageMaker::Model'] }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } });
      const { check } = await runProbe(probe, { control: 'A.13' });
      expect(check.status).toBe('FAIL');
    });

    // AWS::SageMaker::EndpointConfig and AWS::SageMaker::NotebookInstance are not types AWS Config
    // records (not in the SDK's ResourceType): a recorder listing the recordable AI types passes.
    it('PASS: a recorder listing the AI types AWS Config can record (Model, Domain)', async () => {
      recorder({ allSupported: false, resourceTypes: ['AWS::SageMaker::Model', 'AWS::SageMaker::Domain'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } });
      const { check } = await runProbe(probe, { control: 'A.13' });
      expect(check.status).toBe('PASS');
    });
  });
});
