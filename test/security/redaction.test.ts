// A password in a container environment variable, a hyperparameter or an EventBridge target
// payload never reaches a probe, a recording, a report or an evidence pack.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../src/aws/redact.js';
import { op } from '../../src/aws/ops.js';
import type { Transport } from '../../src/aws/transport.js';
import { makeAccess } from '../helpers.js';

const SECRET = 'hunter2-aims-canary';
const DescribeModel = op<object, Record<string, unknown>>('sagemaker', 'DescribeModel');

describe('redaction', () => {
  it('blanks environment variables, hyperparameters and EventBridge payloads, keeping their keys', () => {
    const out = redactSecrets({
      PrimaryContainer: { Image: 'img', Environment: { DB_PASSWORD: SECRET, MODE: 'prod' } },
      HyperParameters: { api_key: SECRET },
      Targets: [{ Arn: 'arn:aws:sns:us-east-1:1:t', Input: `{"token":"${SECRET}"}`, InputTransformer: { InputTemplate: SECRET } }],
      Datasets: [{ Name: 'd', Input: { S3InputDefinition: { Bucket: 'b' } } }],
      CreationTime: { $date: '2026-01-01T00:00:00.000Z' },
    });
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out).toMatchObject({
      PrimaryContainer: { Image: 'img', Environment: { DB_PASSWORD: REDACTED, MODE: REDACTED } },
      Targets: [{ Arn: 'arn:aws:sns:us-east-1:1:t', Input: REDACTED }],
      // Not an EventBridge target: a DataBrew dataset's Input is data, kept as is.
      Datasets: [{ Name: 'd', Input: { S3InputDefinition: { Bucket: 'b' } } }],
      CreationTime: { $date: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('applies before probes and the recording see the answer', async () => {
    const t: Transport = { kind: 'simulated', send: async () => ({ output: { ModelName: 'm', PrimaryContainer: { Environment: { TOKEN: SECRET } } }, attempts: 1 }) };
    const access = makeAccess(t);
    const answer = await access.call(DescribeModel, 'us-east-1', { ModelName: 'm' });
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    expect(JSON.stringify(access.recordedCalls())).not.toContain(SECRET);
    expect((answer.PrimaryContainer as { Environment: Record<string, string> }).Environment.TOKEN).toBe(REDACTED);
  });
});
