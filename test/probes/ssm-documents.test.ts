import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { DescribeDocumentCommand, DescribeDocumentPermissionCommand, GetParameterCommand, GetServiceSettingCommand, ListDocumentsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/ssm-documents.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
const ssm = mockClient(SSMClient);
afterEach(() => [sm, br, cw, ssm].forEach((m) => m.reset()));

function footprint() {
  sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'churn-predictor', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-predictor`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
}
const doc = (Name: string, DocumentType: string, Tags: { Key: string; Value: string }[] = []) => ({ Name, DocumentType: DocumentType as 'Automation', Owner: ACCOUNT, Tags });
function sharingBlocked(value = 'Disable') {
  ssm.on(GetServiceSettingCommand).resolves({ ServiceSetting: { SettingId: '/ssm/documents/console/public-sharing-permission', SettingValue: value } });
}

describe('AWS Systems Manager Documents probe', () => {
  it('PASS: an Active AI runbook (by tag), none public, public sharing blocked; documents listed across pages', async () => {
    footprint();
    sharingBlocked();
    ssm.on(ListDocumentsCommand)
      .resolvesOnce({ DocumentIdentifiers: [doc('Restart-Web', 'Command')], NextToken: 'd2' })
      .resolves({ DocumentIdentifiers: [doc('Rollback-Endpoint', 'Automation', [{ Key: 'system', Value: 'churn-ml' }]), doc('Baseline', 'Policy')] });
    ssm.on(DescribeDocumentCommand).resolves({ Document: { Status: 'Active' } });
    ssm.on(DescribeDocumentPermissionCommand).resolves({ AccountIds: [] });
    const { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 AI runbook(s), none public, public sharing blocked: Rollback-Endpoint');
    expect(check.resources.map((r) => r.reason)).toEqual(['Command document Restart-Web: Active, private', 'Automation document Rollback-Endpoint: Active, private, AI runbook']);
    expect(ssm.commandCalls(ListDocumentsCommand)[0].args[0].input).toEqual({ Filters: [{ Key: 'Owner', Values: ['Self'] }] });
    // Only runbooks are described; every document's sharing is checked.
    expect(ssm.commandCalls(DescribeDocumentCommand).length).toBe(2);
    expect(ssm.commandCalls(DescribeDocumentPermissionCommand).length).toBe(3);
    expect(ssm.commandCalls(GetParameterCommand).length).toBe(0);
  });

  it('FAIL(MISCONFIGURED): a public document, and public sharing not blocked (setting never set)', async () => {
    footprint();
    ssm.on(GetServiceSettingCommand).rejects(awsError('ServiceSettingNotFound', 'not found', 400));
    ssm.on(ListDocumentsCommand).resolves({ DocumentIdentifiers: [doc('SageMaker-Restart', 'Automation')] });
    ssm.on(DescribeDocumentCommand).resolves({ Document: { Status: 'Active' } });
    ssm.on(DescribeDocumentPermissionCommand).resolves({ AccountIds: ['all'] });
    const { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('1 document(s) shared publicly: SageMaker-Restart; public sharing of SSM documents is not blocked (setting not set, default allows it)');
    expect(check.resources).toEqual([{ id: 'SageMaker-Restart', region: 'us-east-1', status: 'FAIL', reason: 'Automation document SageMaker-Restart: shared publicly' }]);
  });

  it('MANUAL(PARTIAL): runbooks exist but none is named or tagged for AI', async () => {
    footprint();
    sharingBlocked();
    ssm.on(ListDocumentsCommand).resolves({ DocumentIdentifiers: [doc('Restart-Web', 'Command')] });
    ssm.on(DescribeDocumentCommand).resolves({ Document: { Status: 'Active' } });
    const { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
  });

  it('no runbooks: MANUAL(NOT_IN_USE) by default, FAIL when the policy says so', async () => {
    footprint();
    sharingBlocked();
    let { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('no self-owned Active Automation or Command runbooks in this region — attest an equivalent control or adopt the service');
    ({ check } = await runProbe(probe, { control: 'A.8', settings: { optionalServicePolicy: 'fail' } }));
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
  });

  // Issue 16: this was NOT_APPLICABLE with the public document as a warning. A verdict that does
  // not apply never hides a failure the evidence shows: a public document FAILs in any region.
  it('FAIL without an AI footprint when a document is public; NOT_APPLICABLE when none is', async () => {
    ssm.on(ListDocumentsCommand).resolves({ DocumentIdentifiers: [doc('Old', 'Command')] });
    ssm.on(DescribeDocumentPermissionCommand).resolves({ AccountIds: ['All'] });
    let { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('FAIL');
    expect(check.reason).toMatch(/^1 document\(s\) shared publicly: Old/);
    ssm.on(DescribeDocumentPermissionCommand).resolves({ AccountIds: ['444455556666'] });
    ({ check } = await runProbe(probe, { control: 'A.8' }));
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.warnings).toEqual(['public sharing of SSM documents is not blocked (setting not set, default allows it)']);
  });

  // Public sharing blocked here: the setting is read beside the list and, unmocked, would answer
  // "not set", a known failure that decides without the list.
  it('ERROR naming the IAM action on AccessDenied', async () => {
    footprint();
    sharingBlocked();
    ssm.on(ListDocumentsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/ssm:ListDocuments/);
  });

  describe('partial evidence (issue 15)', () => {
    const denied = (a: string) => awsError('AccessDeniedException', `User is not authorized to perform: ${a}`, 400);

    it('DescribeDocumentPermission denied for one document: the others keep their result; no PASS', async () => {
      footprint();
      sharingBlocked();
      ssm.on(ListDocumentsCommand).resolves({ DocumentIdentifiers: [doc('ml-rollback', 'Automation'), doc('Restart-Web', 'Command')] });
      ssm.on(DescribeDocumentCommand).resolves({ Document: { Status: 'Active' } });
      ssm.on(DescribeDocumentPermissionCommand).resolves({ AccountIds: [] });
      ssm.on(DescribeDocumentPermissionCommand, { Name: 'Restart-Web' }).rejects(denied('ssm:DescribeDocumentPermission'));
      const { check } = await runProbe(probe, { control: 'A.8' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => [m.action, m.resource])).toEqual([['ssm:DescribeDocumentPermission', 'Restart-Web']]);
      expect(check.resources).toContainEqual({ id: 'ml-rollback', region: 'us-east-1', status: 'PASS', reason: 'Automation document ml-rollback: Active, private, AI runbook' });
      expect(check.resources).toContainEqual(expect.objectContaining({ id: 'Restart-Web', status: 'ERROR' }));
    });

    it('GetServiceSetting denied with a public document: FAIL all the same', async () => {
      footprint();
      ssm.on(GetServiceSettingCommand).rejects(denied('ssm:GetServiceSetting'));
      ssm.on(ListDocumentsCommand).resolves({ DocumentIdentifiers: [doc('Old', 'Command')] });
      ssm.on(DescribeDocumentPermissionCommand).resolves({ AccountIds: ['all'] });
      const { check } = await runProbe(probe, { control: 'A.8' });
      expect(check.status).toBe('FAIL');
    });

    it('the footprint unknown: PASS when everything is in place anyway; ERROR naming the footprint when not', async () => {
      sm.on(ListEndpointsCommand).rejects(denied('sagemaker:ListEndpoints'));
      sharingBlocked();
      ssm.on(ListDocumentsCommand).resolves({ DocumentIdentifiers: [doc('ml-rollback', 'Automation')] });
      ssm.on(DescribeDocumentCommand).resolves({ Document: { Status: 'Active' } });
      let { check } = await runProbe(probe, { control: 'A.8' });
      expect(check.status).toBe('PASS');
      ssm.on(GetServiceSettingCommand).resolves({ ServiceSetting: { SettingValue: 'Enable' } });
      ({ check } = await runProbe(probe, { control: 'A.8' }));
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toContain('sagemaker:ListEndpoints');
    });
  });
});
