// aims-scan.yaml aiFullAccessAllowList (issue 19): validated as IAM user, role or group ARNs, and
// carried into the scan settings, where the AI full-access check reads it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import type { Report } from '../../src/engine/report.js';
import { runCli } from '../fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-allow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const DEMO = join(__dirname, '..', '..', 'demo', 'account', 'calls.jsonl');

describe('aiFullAccessAllowList', () => {
  it('takes IAM user, role and group ARNs and refuses anything else, with the line', () => {
    expect(parseConfig('aiFullAccessAllowList:\n  - arn:aws:iam::123456789012:role/a/b\n  - arn:aws:iam::123456789012:group/g\n', 'c.yaml').aiFullAccessAllowList).toHaveLength(2);
    expect(() => parseConfig('aiFullAccessAllowList:\n  - arn:aws:iam::123456789012:policy/p\n', 'c.yaml')).toThrow(ConfigError);
    expect(() => parseConfig('aiFullAccessAllowList:\n  - role/x\n', 'c.yaml')).toThrow(/c\.yaml:2: aiFullAccessAllowList\.0: .*is not an IAM user, role or group ARN/);
  });

  it('reaches the check: an allow-listed role passes, named, and the other holder still fails', async () => {
    writeFileSync(join(root, 'aims-scan.yaml'), 'aiFullAccessAllowList:\n  - arn:aws:iam::111122223333:role/sagemaker-execution\n');
    const r = await runCli(['scan', '--replay', DEMO, '-o', 'out', '--quiet', '--controls', 'A.9'], { cwd: root });
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(root, 'out', 'report.json'), 'utf8')) as Report;
    const check = report.controls.flatMap((c) => c.checks).find((k) => k.probe === 'iam-ai-full-access')!;
    expect(check.resources.map((x) => [x.id, x.status])).toEqual([
      ['arn:aws:iam::111122223333:role/sagemaker-execution', 'PASS'],
      ['arn:aws:iam::111122223333:user/ml-platform-admin', 'FAIL'],
    ]);
    expect(check.reason).toMatch(/^1 of 2 IAM user\(s\), role\(s\) or group\(s\) hold an AI full-access policy without being allow-listed/);
  });
});
