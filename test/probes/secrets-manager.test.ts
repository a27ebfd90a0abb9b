import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { BatchGetSecretValueCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { rotationIntervalDays } from '../../checks/probes/secrets-manager.js';
import { ACCOUNT, NOW, awsError, runProbe } from '../helpers.js';

const sec = mockClient(SecretsManagerClient);
const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sec, sm, br, cw].forEach((m) => m.reset()));

const DAY = 86_400_000;
const S = (n: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${n}-AbCdEf`;
const ago = (d: number) => new Date(NOW.getTime() - d * DAY);

describe('AWS Secrets Manager probe', () => {
  it('PASS: rotated on schedule; managed secrets reported apart; listed across pages; never reads a value', async () => {
    sec.on(ListSecretsCommand)
      .resolvesOnce({ SecretList: [{ ARN: S('openai-key'), Name: 'openai-key', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: ago(10), KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }], NextToken: 's2' })
      .resolves({ SecretList: [{ ARN: S('rds!db-1'), Name: 'rds!db-1', OwningService: 'rds', RotationEnabled: true }, { ARN: S('hf-token'), Name: 'hf-token', RotationEnabled: true, RotationRules: { ScheduleExpression: 'rate(7 days)' }, CreatedDate: ago(3) }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    // The reason states the window the verdict depends on (issue 16).
    expect(check.reason).toBe('all 2 secret(s) rotate automatically and on schedule (at most every 90 d)');
    expect(check.resources.map((r) => [r.status, r.reason])).toEqual([
      ['PASS', 'secret hf-token: rotates every 7 d, created 3 d ago'],
      ['PASS', 'secret openai-key: rotates every 30 d, last 10 d ago'],
      ['NOT_APPLICABLE', 'secret rds!db-1: managed and rotated by rds'],
    ]);
    expect(check.warnings).toEqual(['1 secret(s) use the AWS-managed key rather than a customer-managed key: hf-token']);
    expect(sec.commandCalls(ListSecretsCommand).map((c) => c.args[0].input)).toEqual([{ IncludePlannedDeletion: false }, { IncludePlannedDeletion: false, NextToken: 's2' }]);
    expect(sec.commandCalls(GetSecretValueCommand).length + sec.commandCalls(BatchGetSecretValueCommand).length).toBe(0);
  });

  it('FAIL(MISCONFIGURED): rotation off, and rotation overdue', async () => {
    sec.on(ListSecretsCommand).resolves({
      SecretList: [
        { ARN: S('api-key'), Name: 'api-key', RotationEnabled: false },
        { ARN: S('stale'), Name: 'stale', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: ago(45) },
      ],
    });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('2 of 2 secret(s) not rotated on schedule: secret api-key: rotation off; secret stale: last rotated 45 d ago, interval 30 d');
  });

  it('no secrets in a region with AI workloads: MANUAL(NOT_IN_USE)', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'e', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/e`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/^no secrets in Secrets Manager in a region with AI workloads/);
  });

  it('no secrets and no AI workloads: NOT_APPLICABLE', async () => {
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sec.on(ListSecretsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/secretsmanager:ListSecrets/);
  });

  // Issue 16: a cron schedule was always judged against 90 days; a twice-monthly one left a broken
  // rotation passing for three months. The bound is now read from the cron fields when the month is free.
  it('reads the rotation interval from days, rate() and a bound on cron(); 90 days for a month-restricted cron', () => {
    expect(rotationIntervalDays({ AutomaticallyAfterDays: 14 })).toBe(14);
    expect(rotationIntervalDays({ ScheduleExpression: 'rate(48 hours)' })).toBe(2);
    expect(rotationIntervalDays({ ScheduleExpression: 'cron(0 16 1,15 * ? *)' })).toBe(31);
    expect(rotationIntervalDays({ ScheduleExpression: 'cron(0 8 ? * MON *)' })).toBe(7);
    expect(rotationIntervalDays({ ScheduleExpression: 'cron(0 8 ? * MON#1 *)' })).toBe(35);
    expect(rotationIntervalDays({ ScheduleExpression: 'cron(0 */4 * * ? *)' })).toBe(1);
    expect(rotationIntervalDays({ ScheduleExpression: 'cron(0 8 1 1,4,7,10 ? *)' })).toBe(90);
  });

  it('FAIL: a schedule longer than 90 days, unrotated for more than 90 days (Prowler and AWS Config default)', async () => {
    sec.on(ListSecretsCommand).resolves({ SecretList: [{ ARN: S('yearly'), Name: 'yearly', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 365 }, LastRotatedDate: ago(120), KmsKeyId: 'k' }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toBe('secret yearly: last rotated 120 d ago, interval 90 d (its schedule, every 365 d, is longer than the 90 d maximum)');
  });

  it('FAIL: a twice-monthly cron schedule not run for 40 days', async () => {
    sec.on(ListSecretsCommand).resolves({ SecretList: [{ ARN: S('c'), Name: 'c', RotationEnabled: true, RotationRules: { ScheduleExpression: 'cron(0 16 1,15 * ? *)' }, LastRotatedDate: ago(40), KmsKeyId: 'k' }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
  });

  describe('partial evidence (issue 15)', () => {
    it('a later page of ListSecrets denied: a secret read with rotation off still FAILs; all read fine is ERROR', async () => {
      sec.on(ListSecretsCommand).resolvesOnce({ SecretList: [{ ARN: S('api-key'), Name: 'api-key', RotationEnabled: false }], NextToken: 'n2' }).rejects(awsError('AccessDeniedException', 'denied', 400));
      let { check } = await runProbe(probe, { control: 'A.9' });
      expect(check.status).toBe('FAIL');
      expect(check.reason).toMatch(/listing cut: secretsmanager:ListSecrets/);
      sec.reset();
      sec.on(ListSecretsCommand).resolvesOnce({ SecretList: [{ ARN: S('ok'), Name: 'ok', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: ago(3) }], NextToken: 'n2' }).rejects(awsError('AccessDeniedException', 'denied', 400));
      ({ check } = await runProbe(probe, { control: 'A.9' }));
      expect(check.status).toBe('ERROR');
      expect(check.resources).toEqual([expect.objectContaining({ id: S('ok'), status: 'PASS' })]);
    });

    it('no secrets and the footprint unknown: ERROR naming the footprint read', async () => {
      sm.on(ListEndpointsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
      const { check } = await runProbe(probe, { control: 'A.9' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toContain('sagemaker:ListEndpoints');
    });
  });
});
