// The built binary: replay a recorded scan, check the report against the schema and the exit
// code contract (0/1/2/3), and give a clear one-line error for bad input.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../checks/crosswalk.js';
import { defaultRegistry } from '../checks/registry.js';
import { validateReport } from '../reports/json.js';
import { exitCodeFor, type Report } from '../src/engine/report.js';
import { DEFAULT_OPTIONS, scan } from '../src/scan.js';
import { mockAccount } from './fixtures/mock-account.js';
import { CLI, runCli, type CliResult } from './fixtures/cli.js';
import { json, startFakeEndpoint, type FakeEndpoint } from './fixtures/fake-endpoint.js';

const root = mkdtempSync(join(tmpdir(), 'aims-cli-'));
let recording: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { cwd: root, env: { ...process.env, ...env } });
}

beforeAll(async () => {
  expect(existsSync(CLI), 'run `npm run build` (npm test does) before the CLI tests').toBe(true);
  const account = mockAccount();
  try {
    const r = await scan({ ...DEFAULT_OPTIONS, homeRegion: 'us-east-1', out: join(root, 'recorded') }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
    recording = r.files.calls;
  } finally {
    account.restore();
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('aims-scan CLI', () => {
  it('replays a recording: schema-valid report, summary table, exit code from the verdicts', async () => {
    const out = join(root, 'out1');
    const r = await cli(['scan', '--replay', recording, '--out', out]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(report.scan.mode).toBe('replay');
    expect(r.code).toBe(exitCodeFor(report));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ID\s+ISO\/IEC 42001:2023\s+STATUS/m);
    expect(r.stdout).toMatch(/^A\.9\s+A\.2\.3 6\.1\.2 6\.1\.3\s+/m);
    expect(r.stderr).toMatch(/wrote .*report\.json/);
    expect(existsSync(join(out, 'calls.jsonl'))).toBe(true);
  });

  it('limits the scan to --controls and exits 0 when nothing fails or errs', async () => {
    const out = join(root, 'out2');
    const r = await cli(['scan', '--replay', recording, '--out', out, '--controls', 'A.11', '--quiet']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.controls.map((c) => c.id)).toEqual(['A.11']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(exitCodeFor(report));
  });

  it('--baseline writes the diff; --fail-on regression fails only on new failures or errors', async () => {
    const first = join(root, 'base1');
    await cli(['scan', '--replay', recording, '--out', first, '--quiet']);
    const same = await cli(['scan', '--replay', recording, '--out', join(root, 'base2'), '--quiet', '--baseline', join(first, 'report.json'), '--fail-on', 'regression']);
    expect(same.code, same.stderr).toBe(0);
    expect(readFileSync(join(root, 'base2', 'diff.md'), 'utf8').length).toBeGreaterThan(0);
    // Pretend the baseline had Macie passing: today's FAIL is then a regression.
    const old = JSON.parse(readFileSync(join(first, 'report.json'), 'utf8')) as Report;
    for (const c of old.controls) for (const k of c.checks) if (k.service === 'Amazon Macie') k.status = 'PASS';
    writeFileSync(join(first, 'report.json'), JSON.stringify(old));
    const worse = await cli(['scan', '--replay', recording, '--out', join(root, 'base3'), '--quiet', '--baseline', join(first, 'report.json'), '--fail-on', 'regression']);
    expect(worse.code, worse.stderr).toBe(1);
    expect(JSON.parse(readFileSync(join(root, 'base3', 'diff.json'), 'utf8')).regressed).toBe(true);
    const noBaseline = await cli(['scan', '--replay', recording, '--out', join(root, 'base4'), '--fail-on', 'regression']);
    expect(noBaseline.code).toBe(3);
    const none = await cli(['scan', '--replay', recording, '--out', join(root, 'base5'), '--quiet', '--fail-on', 'none']);
    expect(none.code).toBe(0);
  });

  it('exit 3 and the valid IDs for an unknown control', async () => {
    const r = await cli(['scan', '--replay', recording, '--out', join(root, 'o3'), '--controls', 'A.7,Z.9']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown control ID Z\.9; valid IDs: 6\.1\.2, 7\.5, .*A\.15/);
  });

  it('exit 3 for an unknown flag', async () => {
    const r = await cli(['scan', '--frobnicate']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('exit 3 for an unwritable --out, before any call', async () => {
    // A path under a regular file cannot be created, even by root.
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    const target = join(blocker, 'sub');
    const r = await cli(['scan', '--replay', recording, '--out', target]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/output folder .* is not writable/);
  });

  it('exit 3 naming the line of a malformed replay file', async () => {
    const bad = join(root, 'bad.jsonl');
    const lines = readFileSync(recording, 'utf8').split('\n');
    writeFileSync(bad, [lines[0], lines[1], '{"type":"call",', ...lines.slice(2)].join('\n'));
    const r = await cli(['scan', '--replay', bad, '--out', join(root, 'o4')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${bad}:3: not valid JSON`);
  });

  it('exit 3 with a hint when there are no credentials', async () => {
    const r = await cli(['scan', '--out', join(root, 'o5'), '--region', 'us-east-1'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_CONFIG_FILE: join(root, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(root, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot identify the caller.*--profile/);
  });

  it('lists the controls with official references, as a table and as JSON', async () => {
    const t = await cli(['controls']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^A\.9\s+MOVED\s+A\.2\.3/m);
    const j = JSON.parse((await cli(['controls', '--json'])).stdout) as { id: string; officialReferences: string[] }[];
    expect(j).toHaveLength(18);
    expect(j.find((c) => c.id === 'A.12')!.officialReferences).toContain('A.6.2.8');
  });

  it('--version and --help exit 0', async () => {
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/scan/);
  });
});

describe('one-line errors before any AWS call (exit 3)', () => {
  let endpoint: FakeEndpoint;
  beforeAll(async () => {
    endpoint = await startFakeEndpoint({ handle: ({ res }) => json(res, 501, { __type: 'InternalFailure', message: 'not implemented' }) });
  });
  afterAll(() => endpoint.close());

  /** Runs against the local endpoint and checks: exit 3, one line, no request made, no --out left. */
  async function refused(args: string[], env: Record<string, string> = {}): Promise<string> {
    const out = join(root, `refused-${Math.random().toString(36).slice(2)}`, 'nested');
    const before = endpoint.requests.length;
    const r = await cli(['scan', '--endpoint-url', endpoint.url, '--out', out, '--quiet', ...args], { AWS_ENDPOINT_URL: '', ...env });
    expect(r.code, r.stderr).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^aims-scan: error: /);
    expect(endpoint.requests.length, 'a call was sent').toBe(before);
    expect(existsSync(dirname(out)), 'an --out folder was left behind').toBe(false);
    return lines[0];
  }

  it('a region typo is refused as a bad name, with the region meant', async () => {
    expect(await refused(['--region', 'useast1'])).toMatch(/--region: "useast1" is not a region name like us-east-1; did you mean us-east-1\?/);
    expect(await refused(['-r', 'us-east-1,EU-WEST-1'])).toMatch(/"EU-WEST-1" is not a region name like us-east-1; did you mean eu-west-1\?/);
    expect(await refused(['--home-region', 'mars'])).toMatch(/--home-region: "mars" is not a region name/);
  });

  it('an official ISO/IEC 42001 number is refused with the document controls that cover it', async () => {
    const m = await refused(['--controls', 'A.6.2.8']);
    expect(m).toMatch(/A\.6\.2\.8 is an ISO\/IEC 42001:2023 number, not a control ID of the mapping document/);
    expect(m).toMatch(/its A\.9 is not ISO's A\.9/);
    expect(m).toMatch(/the document controls whose crosswalk lists A\.6\.2\.8: A\.12, A\.13/);
    expect(await refused(['--controls', 'A.2.3'])).toMatch(/crosswalk lists A\.2\.3: A\.9, A\.10/);
  });

  it('a lower-case control ID is refused with the matching ID', async () => {
    expect(await refused(['--controls', 'a.12'])).toMatch(/unknown control ID a\.12: IDs are upper case, did you mean A\.12\?/);
  });

  it('a waiver for a control that does not exist is refused when the settings are loaded, with its line', async () => {
    const cfg = join(root, 'waiver-typo.yaml');
    writeFileSync(cfg, 'waivers:\n  - control: A.12\n    reason: legacy bucket\n    owner: a@example.com\n    expires: 2099-01-01\n  - control: A.6.2.8\n    reason: legacy bucket\n    owner: a@example.com\n    expires: 2099-01-01\n');
    expect(await refused(['--config', cfg])).toMatch(/waiver-typo\.yaml:6: waivers\.1\.control: A\.6\.2\.8 is an ISO\/IEC 42001:2023 number.*A\.12, A\.13/);
  });

  it('--profile names the profile it cannot find, and the files it looked in', async () => {
    const config = join(root, 'aws-config');
    writeFileSync(config, '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n');
    const m = await refused(['--profile', 'nope'], { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(root, 'none') });
    expect(m).toContain(`profile "nope" is not defined in ${config} or ${join(root, 'none')} (profiles there: default, dev)`);
    expect(await refused(['-p', 'corp'], { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(root, 'none') })).toContain('profile "corp" is not defined');
  });

  it('--replay of a report says it is a report and what to pass instead', async () => {
    const out = join(root, 'for-report');
    await cli(['scan', '--replay', recording, '--out', out, '--quiet']);
    expect(await refused(['--replay', join(out, 'report.json')])).toMatch(/report\.json is a report \(report\.json\), not a recording: pass the calls\.jsonl beside it, the scan's output folder, or its evidence pack/);
  });

  it('a recording cut mid-line is reported as truncated, not as a credentials problem', async () => {
    const text = readFileSync(recording, 'utf8');
    const cut = join(root, 'cut.jsonl');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    const lineNo = text.slice(0, Math.floor(text.length / 2)).split('\n').length;
    const m = await refused(['--replay', cut]);
    expect(m).toContain(`--replay ${cut} is truncated: line ${lineNo} stops mid-record`);
    expect(m).not.toMatch(/credential|--profile/);
  });

  it('a recording cut at a line boundary (no STS answer) is reported as incomplete, not as a credentials problem', async () => {
    const lines = readFileSync(recording, 'utf8').split('\n').filter(Boolean);
    const cut = join(root, 'cut-lines.jsonl');
    writeFileSync(cut, lines.filter((l) => !l.includes('"service":"sts"')).slice(0, 5).join('\n') + '\n');
    const m = await refused(['--replay', cut]);
    expect(m).toMatch(/the recording has no answer for STS GetCallerIdentity .* it is truncated or incomplete/);
    expect(m).not.toMatch(/credential|--profile|sso/);
  });

  it('a refused run leaves no --out folder it created (a corrupt recording is found after the folder was made)', async () => {
    const bad = join(root, 'corrupt.jsonl');
    const lines = readFileSync(recording, 'utf8').split('\n');
    writeFileSync(bad, [lines[0], '{"type":"call",', ...lines.slice(1)].join('\n'));
    expect(await refused(['--replay', bad])).toContain(`${bad}:2: not valid JSON`);
    // An existing folder is left as it was.
    const mine = join(root, 'mine');
    mkdirSync(mine);
    const r = await cli(['scan', '--replay', bad, '--out', mine]);
    expect(r.code).toBe(3);
    expect(existsSync(mine)).toBe(true);
  });
});

describe('short flags and help', () => {
  it('-o, -f, -r and -p are --out, --format, --region and --profile', async () => {
    const out = join(root, 'short');
    const r = await cli(['scan', '--replay', recording, '-o', out, '-f', 'json,junit', '-r', 'us-east-1', '--quiet']);
    expect([0, 1, 2], r.stderr).toContain(r.code);
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.scan.regions).toEqual(['us-east-1']);
  });

  it('--help lists the short flags, --verbose and examples', async () => {
    const h = await cli(['scan', '--help']);
    expect(h.code).toBe(0);
    for (const f of ['-p, --profile <name>', '-r, --region <list>', '-o, --out <dir>', '-f, --format <list>', '--verbose']) expect(h.stdout).toContain(f);
    expect(h.stdout).toMatch(/^Examples:\n {2}aims-scan scan /m);
  });
});
