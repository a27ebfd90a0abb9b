import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, ListRuleNamesByTargetCommand } from '@aws-sdk/client-eventbridge';
import { ListContactsCommand, SSMContactsClient } from '@aws-sdk/client-ssm-contacts';
import { GetReplicationSetCommand, GetResponsePlanCommand, ListReplicationSetsCommand, ListResponsePlansCommand, SSMIncidentsClient } from '@aws-sdk/client-ssm-incidents';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/incident-manager.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const inc = mockClient(SSMIncidentsClient);
const con = mockClient(SSMContactsClient);
const cw = mockClient(CloudWatchClient);
const eb = mockClient(EventBridgeClient);
afterEach(() => [inc, con, cw, eb].forEach((m) => m.reset()));

const REGIONS = ['us-east-1', 'eu-west-1'];
const SET = `arn:aws:ssm-incidents::${ACCOUNT}:replication-set/abc`;
const PLAN = (n: string) => `arn:aws:ssm-incidents::${ACCOUNT}:response-plan/${n}`;
const AVAIL = 'AWS Systems Manager Incident Manager is no longer open to new customers (since 2025-11-07): use CloudWatch alarms and EventBridge rules routed through SNS to an on-call tool as the alternative';

/** The set lives in eu-west-1 only: the home region answers ResourceNotFoundException. */
function setInEu(status = 'ACTIVE') {
  inc.on(ListReplicationSetsCommand).resolves({ replicationSetArns: [SET] });
  inc.on(GetReplicationSetCommand).callsFake(async (_i, getClient) => {
    if ((await getClient().config.region()) !== 'eu-west-1') throw awsError('ResourceNotFoundException', 'not found', 404);
    return { replicationSet: { arn: SET, status, regionMap: { 'eu-west-1': { status: 'ACTIVE', statusUpdateDateTime: new Date() } }, deletionProtected: true, createdTime: new Date(), createdBy: 'x', lastModifiedTime: new Date(), lastModifiedBy: 'x' } };
  });
}
function plans(...p: { name: string; engagements: number }[]) {
  inc.on(ListResponsePlansCommand)
    .resolvesOnce({ responsePlanSummaries: p.slice(0, 1).map((x) => ({ arn: PLAN(x.name), name: x.name })), nextToken: 'p2' })
    .resolves({ responsePlanSummaries: p.slice(1).map((x) => ({ arn: PLAN(x.name), name: x.name })) });
  for (const x of p) {
    inc.on(GetResponsePlanCommand, { arn: PLAN(x.name) }).resolves({ arn: PLAN(x.name), name: x.name, incidentTemplate: { title: 't', impact: 2 }, engagements: Array.from({ length: x.engagements }, (_, i) => `arn:aws:ssm-contacts:eu-west-1:${ACCOUNT}:contact/c${i}`) });
  }
  con.on(ListContactsCommand).resolves({ Contacts: [{ ContactArn: 'c', Alias: 'oncall', Type: 'PERSONAL' }] });
}

describe('AWS Systems Manager Incident Manager probe', () => {
  it('FAIL(NOT_ENABLED): no replication set (empty list), naming the alternative', async () => {
    inc.on(ListReplicationSetsCommand).resolves({ replicationSetArns: [] });
    const { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe(`Incident Manager is not set up: no replication set — ${AVAIL}`);
  });

  it('PASS: set read in its own region, plans listed across pages, a plan started by a CloudWatch alarm', async () => {
    setInEu();
    plans({ name: 'ml-outage', engagements: 1 }, { name: 'spare', engagements: 0 });
    cw.on(DescribeAlarmsCommand).callsFake(async (_i, getClient) =>
      (await getClient().config.region()) === 'us-east-1' ? { MetricAlarms: [{ AlarmName: 'churn-5xx', ActionsEnabled: true, AlarmActions: [PLAN('ml-outage')] }] } : {},
    );
    const { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('replication set ACTIVE; 1 response plan(s) with engagements started by detection: ml-outage');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [SET, 'PASS', 'replication set ACTIVE in eu-west-1'],
      [PLAN('ml-outage'), 'PASS', 'response plan ml-outage: 1 engagement(s), started by alarm churn-5xx (us-east-1)'],
      [PLAN('spare'), 'FAIL', 'response plan spare: no engagements'],
    ]);
    expect(inc.commandCalls(ListResponsePlansCommand).length).toBe(2);
    expect(eb.commandCalls(ListRuleNamesByTargetCommand).length).toBe(0);
  });

  it('PASS through a default-bus EventBridge rule when no alarm starts the plan', async () => {
    setInEu();
    plans({ name: 'ml-outage', engagements: 2 });
    eb.on(ListRuleNamesByTargetCommand).callsFake(async (_i, getClient) => ((await getClient().config.region()) === 'eu-west-1' ? { RuleNames: ['sm-endpoint-failed'] } : {}));
    const { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.resources[1].reason).toBe('response plan ml-outage: 2 engagement(s), started by rule sm-endpoint-failed (eu-west-1)');
  });

  it('MANUAL(PARTIAL) when nothing found starts the response plans', async () => {
    setInEu();
    plans({ name: 'ml-outage', engagements: 1 });
    const { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/no CloudWatch alarm or default-bus EventBridge rule starts them/);
  });

  it('FAIL(MISCONFIGURED): an active set without response plans; a set not ACTIVE', async () => {
    setInEu();
    inc.on(ListResponsePlansCommand).resolves({ responsePlanSummaries: [] });
    let { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe(`replication set ACTIVE but no response plans — ${AVAIL}`);
    inc.reset();
    setInEu('DELETING');
    ({ check } = await runProbe(probe, { control: 'A.11', regions: REGIONS }));
    expect(check.reason).toMatch(/^replication set is DELETING, not ACTIVE/);
  });

  // Was MANUAL (a denied rule lookup read as "nothing starts the plan"): issue 15's sweep flagged the flip.
  it('ERROR, not MANUAL, when the rule lookup that could show what starts the plan is refused', async () => {
    setInEu();
    plans({ name: 'ml-outage', engagements: 1 });
    eb.on(ListRuleNamesByTargetCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['events:ListRuleNamesByTarget', 'events:ListRuleNamesByTarget']);
    expect(check.resources.find((r) => r.id === PLAN('ml-outage'))?.status).toBe('ERROR');
  });

  it('PASS with a warning when only the contacts cannot be listed', async () => {
    setInEu();
    plans({ name: 'ml-outage', engagements: 1 });
    con.on(ListContactsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    eb.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: ['sm-endpoint-failed'] });
    const { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.warnings.join(' ')).toMatch(/contacts not listed: ssm-contacts:ListContacts/);
  });

  it('a scanned region that is not enabled is skipped for the set lookup and said in a warning', async () => {
    setInEu();
    plans({ name: 'ml-outage', engagements: 1 });
    eb.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: ['sm-endpoint-failed'] });
    inc.on(GetReplicationSetCommand).callsFake(async (_i, getClient) => {
      const region = await getClient().config.region();
      if (region === 'ap-southeast-2') throw awsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
      if (region !== 'eu-west-1') throw awsError('ResourceNotFoundException', 'not found', 404);
      return { replicationSet: { arn: SET, status: 'ACTIVE', regionMap: { 'eu-west-1': { status: 'ACTIVE', statusUpdateDateTime: new Date() } }, deletionProtected: true, createdTime: new Date(), createdBy: 'x', lastModifiedTime: new Date(), lastModifiedBy: 'x' } };
    });
    const { check } = await runProbe(probe, { control: 'A.11', regions: [...REGIONS, 'ap-southeast-2'] });
    expect(check.status).toBe('PASS');
    expect(check.warnings.join(' ')).toMatch(/ssm-incidents:GetReplicationSet not read in ap-southeast-2 \(not needed for the verdict\)/);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    inc.on(ListReplicationSetsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.11', regions: REGIONS });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/ssm-incidents:ListReplicationSets/);
  });
});
