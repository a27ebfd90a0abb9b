// aims-scan.yaml: valid files load; mistakes are named by file, line and key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, scopeTagsOf } from '../../src/config/load.js';
import { controlIdProblem } from '../../src/commands/control-ids.js';
import { defaultRegistry } from '../../checks/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'aims-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = `# nightly scan
regions: [us-east-1, eu-west-1]
controls: ["6.1.2", A.12]
concurrency: 8
optionalServices: fail
scopeTags: ["ai-data=true", { key: team, value: ml }]
output:
  dir: out
  formats: [json, html]
waivers:
  - control: A.12
    service: Amazon S3 with Object Lock
    resource: "arn:aws:s3:::legacy-*"
    reason: legacy bucket, migration ticket SEC-12
    owner: alice@example.com
    expires: 2027-03-31
attestations:
  - control: A.14
    service: AWS Marketplace
    evidence: https://intranet.example.com/POL-12
    owner: bob@example.com
    date: 2026-10-01
    expires: 2027-10-01
`;

function err(text: string): string {
  try {
    parseConfig(text, 'aims-scan.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config file', () => {
  it('loads a valid file', () => {
    const c = parseConfig(GOOD, 'aims-scan.yaml');
    expect(c.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(c.controls).toEqual(['6.1.2', 'A.12']);
    expect(scopeTagsOf(c)).toEqual([{ key: 'ai-data', value: 'true' }, { key: 'team', value: 'ml' }]);
    expect(c.waivers![0].expires).toBe('2027-03-31');
  });

  it('names file, line and key for an unknown key', () => {
    expect(err('regions: [us-east-1]\nconcurency: 4\n')).toBe('aims-scan.yaml:2: unknown key "concurency"');
    expect(err('output:\n  dir: x\n  formatz: [json]\n')).toBe('aims-scan.yaml:3: unknown key "output.formatz"');
  });

  it('names file, line and key for a wrong value', () => {
    expect(err('regions: [us-east-1]\nconcurrency: many\n')).toMatch(/^aims-scan\.yaml:2: concurrency: must be integer/);
    expect(err('optionalServices: maybe\n')).toMatch(/^aims-scan\.yaml:1: optionalServices: must be equal to one of the allowed values \(allowed: manual, fail, na\)/);
    expect(err('regions:\n  - us-east-1\n  - mars-1\n')).toMatch(/^aims-scan\.yaml:3: regions\.1: must match pattern/);
  });

  it('a waiver without its required reason, owner or expiry is refused, with its line', () => {
    const m = err('waivers:\n  - control: A.12\n    owner: alice\n    expires: 2027-01-01\n');
    expect(m).toBe('aims-scan.yaml:2: waivers.0.reason: must have required property \'reason\'');
    expect(err('waivers:\n  - control: A.12\n    owner: a\n    reason: because\n    expires: soon\n')).toMatch(/^aims-scan\.yaml:5: waivers\.0\.expires: must match format "date"/);
  });

  it('says what a bad region is, and which one was meant', () => {
    expect(err('regions:\n  - us-east-1\n  - euwest1\n')).toMatch(/^aims-scan\.yaml:3: regions\.1: must match pattern .*\("euwest1" is not a region name like us-east-1; did you mean eu-west-1\?\)$/);
  });

  it('refuses an unknown control ID in controls, a waiver or an attestation, with its line and a hint', () => {
    const valid = defaultRegistry().controlIds;
    const load = (text: string) => {
      try {
        parseConfig(text, 'aims-scan.yaml', { controlProblem: (id) => controlIdProblem(id, valid) });
      } catch (e) {
        return (e as Error).message;
      }
      return 'loaded';
    };
    expect(load(GOOD)).toBe('loaded');
    expect(load('controls: [A.12, a.9]\n')).toBe('aims-scan.yaml:1: controls.1: unknown control ID a.9: IDs are upper case, did you mean A.9?');
    expect(load('waivers:\n  - control: Z.1\n    reason: because\n    owner: o\n    expires: 2099-01-01\n')).toMatch(/^aims-scan\.yaml:2: waivers\.0\.control: unknown control ID Z\.1; valid IDs: 6\.1\.2/);
    expect(load('attestations:\n  - control: A.14\n    service: s\n    evidence: url\n    owner: o\n    date: 2026-01-01\n    expires: 2099-01-01\n  - control: A.10.3\n    service: s\n    evidence: url\n    owner: o\n    date: 2026-01-01\n    expires: 2099-01-01\n')).toMatch(
      /^aims-scan\.yaml:8: attestations\.1\.control: A\.10\.3 is an ISO\/IEC 42001:2023 number.*lists A\.10\.3: A\.14/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    expect(err('regions: [us-east-1\nconcurrency: 3\n')).toMatch(/^aims-scan\.yaml:\d+: YAML syntax error/);
  });

  it('finds ./aims-scan.yaml, or the --config file, or nothing', () => {
    expect(loadConfig(undefined, dir)).toEqual({ config: {} });
    writeFileSync(join(dir, 'aims-scan.yaml'), 'concurrency: 3\n');
    expect(loadConfig(undefined, dir).config).toEqual({ concurrency: 3 });
    expect(() => loadConfig(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read/);
  });
});
