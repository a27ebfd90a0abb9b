// A flag and its aims-scan.yaml key follow one rule: schema/config.schema.json. A value the file
// refuses is refused on the command line (exit 3, one line naming the flag), and a value the file
// accepts is accepted as a flag too — for every bounded setting the scan command offers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { DEMO_RECORDING } from '../../src/sim/demo-path.js';
import { runCli } from '../fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-flags-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Bounds = { minimum?: number; maximum?: number };
const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'config.schema.json'), 'utf8')) as { properties: Record<string, Bounds & { properties?: Record<string, Bounds> }> };

/** Flag, its key in the file (as YAML), and the schema's bounds for it. */
const BOUNDED: { flag: string; yaml: (n: number) => string; bounds: Bounds }[] = [
  { flag: '--concurrency', yaml: (n) => `concurrency: ${n}`, bounds: schema.properties.concurrency },
  { flag: '--max-attempts', yaml: (n) => `maxAttempts: ${n}`, bounds: schema.properties.maxAttempts },
  { flag: '--duration', yaml: (n) => `duration: ${n}`, bounds: schema.properties.duration },
  { flag: '--account-concurrency', yaml: (n) => `accounts:\n  concurrency: ${n}`, bounds: schema.properties.accounts.properties!.concurrency },
];

const fileRefuses = (text: string) => {
  try {
    parseConfig(text, 'aims-scan.yaml');
    return false;
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return true;
  }
};

async function flagRefusal(args: string[]): Promise<string | undefined> {
  const out = join(root, `o-${Math.random().toString(36).slice(2)}`);
  const r = await runCli(['scan', '--replay', DEMO_RECORDING, '--out', out, '--quiet', '--controls', 'A.11', ...args], { cwd: root });
  if (r.code !== 3) return undefined;
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr.trim();
}

describe('flags and aims-scan.yaml validate the same', () => {
  it('the values the issue found accepted on the command line are refused there, as in the file', async () => {
    for (const [args, yaml, rule] of [
      [['--concurrency', '100000'], 'concurrency: 100000', /--concurrency 100000: must be <= 256 \(the same rule as concurrency in aims-scan\.yaml\)/],
      [['--max-attempts', '1000'], 'maxAttempts: 1000', /--max-attempts 1000: must be <= 20/],
      [['--duration', '1'], 'duration: 1', /--duration 1: must be >= 900/],
    ] as const) {
      expect(fileRefuses(yaml)).toBe(true);
      expect(await flagRefusal([...args])).toMatch(rule);
    }
  });

  it('for every bounded setting: one past either bound is refused by both, the bound itself accepted by both', async () => {
    for (const { flag, yaml, bounds } of BOUNDED) {
      expect(bounds.minimum, flag).toBeDefined();
      expect(bounds.maximum, flag).toBeDefined();
      const over = bounds.maximum! + 1;
      expect(fileRefuses(yaml(over)), `${flag} ${over} in the file`).toBe(true);
      expect(await flagRefusal([flag, String(over)]), `${flag} ${over}`).toMatch(new RegExp(`^aims-scan: error: ${flag} ${over}: must be <= ${bounds.maximum}`));
      expect(fileRefuses(yaml(bounds.maximum!)), `${flag} ${bounds.maximum} in the file`).toBe(false);
      expect(await flagRefusal([flag, String(bounds.maximum)]), `${flag} ${bounds.maximum}`).toBeUndefined();
      if (bounds.minimum! > 1) {
        const under = bounds.minimum! - 1;
        expect(fileRefuses(yaml(under))).toBe(true);
        expect(await flagRefusal([flag, String(under)])).toMatch(new RegExp(`${flag} ${under}: must be >= ${bounds.minimum}`));
      }
    }
  }, 120_000);

  it('patterns too: a role ARN, an account ID, a session name', async () => {
    expect(fileRefuses('roleArn: arn:aws:iam::12:role/x')).toBe(true);
    expect(await flagRefusal(['--role-arn', 'arn:aws:iam::12:role/x'])).toMatch(/--role-arn: "arn:aws:iam::12:role\/x" is not an IAM role ARN/);
    expect(fileRefuses('accounts:\n  ids: ["1234"]')).toBe(true);
    expect(await flagRefusal(['--accounts', '1234', '--role-name', 'r'])).toMatch(/--accounts: "1234" is not a 12-digit account ID/);
    expect(fileRefuses('sessionName: x')).toBe(true);
    expect(await flagRefusal(['--session-name', 'x'])).toMatch(/--session-name: "x" is not a session name/);
  });

  it('a value from the file is not re-judged as a flag; the flag wins over the file', async () => {
    const cfg = join(root, 'ok.yaml');
    writeFileSync(cfg, 'concurrency: 256\nmaxAttempts: 20\n');
    expect(await flagRefusal(['--config', cfg])).toBeUndefined();
    expect(await flagRefusal(['--config', cfg, '--concurrency', '257'])).toMatch(/--concurrency 257: must be <= 256/);
  });
});
