// The organization workflow for GitHub Actions (examples/org/github-actions/aims-scan-org.yml):
// valid YAML without anchors or aliases, the strict workflow schema the nightly example is held
// to (plus `strategy`), a matrix of shards 1..N that agrees with the N passed to --shard, a merge
// job that needs the shards and reads what they upload, OIDC per shard, aims-scan built from a
// pinned checkout (never fetched by name), valid bash, and only flags that exist.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { isAlias, isNode, parseDocument, visit } from 'yaml';
import { buildProgram } from '../../src/cli.js';
import type { Step } from './github-workflow.js';
import { enginesMinMajor } from './engines.js';

const ROOT = join(__dirname, '..', '..');
const FILE = join(ROOT, 'examples', 'org', 'github-actions', 'aims-scan-org.yml');
const text = readFileSync(FILE, 'utf8');

interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix: { shard: number[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: { scan: Job; merge: Job };
}

/** Parsed with anchors and aliases refused: a reader sees every value where it is used. */
function parseStrict(source: string): unknown {
  const doc = parseDocument(source, { prettyErrors: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  const found: string[] = [];
  visit(doc, (_key, node) => {
    if (isAlias(node)) found.push(`alias *${node.source}`);
    else if (isNode(node) && node.anchor) found.push(`anchor &${node.anchor}`);
  });
  expect(found).toEqual([]);
  return doc.toJS({ maxAliasCount: 0 });
}

const wf = parseStrict(text) as Workflow;
const { scan, merge } = wf.jobs;
const step = (job: Job, pred: (s: Step) => boolean) => job.steps.find(pred)!;
const cliCalls = (job: Job, command: string) =>
  job.steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .filter((l) => l.includes('aims-scan/dist/src/cli.js') && new RegExp(`cli\\.js ${command}\\b`).test(l))
    .map((l) => l.trim().split(/\s+/));
const flagsOf = (command: string) => new Set(buildProgram().commands.find((c) => c.name() === command)!.options.map((o) => o.long!));

describe('examples/org/github-actions/aims-scan-org.yml', () => {
  it('sets up Node 24 in both jobs: inside `engines`, and the fastest for organizations (README: "The Node.js version matters")', () => {
    const min = enginesMinMajor();
    for (const job of [scan, merge]) {
      const node = step(job, (s) => !!s.uses?.startsWith('actions/setup-node@'));
      const version = String(node.with!['node-version']);
      expect(Number(version)).toBeGreaterThanOrEqual(min);
      expect(version).toBe('24');
    }
  });

  it('is YAML without anchors or aliases, and the strict workflow schema (with a strategy) accepts it', () => {
    // Refusal works: an alias is reported.
    expect(() => parseStrict('a: &x 1\nb: *x\n')).toThrow();
    const schema = JSON.parse(readFileSync(join(__dirname, 'github-workflow.schema.json'), 'utf8'));
    schema.definitions.job.properties.strategy = {
      type: 'object',
      additionalProperties: false,
      required: ['matrix'],
      properties: { 'fail-fast': { type: 'boolean' }, 'max-parallel': { type: 'integer', minimum: 1 }, matrix: { type: 'object', minProperties: 1 } },
    };
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false }).compile(schema);
    expect(validate(wf), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('has a matrix of shards 1..N, N being what every shard passes to --shard', () => {
    const n = Number(wf.env.SHARDS);
    expect(n).toBeGreaterThan(1);
    expect(scan.strategy!.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(scan.strategy!['fail-fast']).toBe(false);
    const s = step(scan, (x) => x.id === 'scan');
    expect(s.env!.SHARD).toMatch(/^\$\{\{\s*matrix\.shard\s*\}\}$/);
    const [args] = cliCalls(scan, 'scan');
    expect(args[args.indexOf('--shard') + 1]).toBe('"$SHARD/$SHARDS"');
    for (const f of ['--organization', '--role-name', '--evidence-pack', '--out']) expect(args).toContain(f);
  });

  it('the merge job needs the shards, runs when one failed, and merges what they uploaded', () => {
    expect([merge.needs].flat()).toEqual(['scan']);
    expect(merge.if).toMatch(/!cancelled\(\)/);
    const up = step(scan, (s) => !!s.uses?.startsWith('actions/upload-artifact@'));
    expect(up.if).toBe('always()');
    const name = String(up.with!.name);
    expect(name).toMatch(/\$\{\{\s*matrix\.shard\s*\}\}/);
    const paths = String(up.with!.path).split('\n').filter(Boolean);
    expect(paths.some((p) => p.endsWith('/shard-manifest.json'))).toBe(true);
    expect(paths.some((p) => /evidence-\*\.zip$/.test(p))).toBe(true);
    expect(paths.some((p) => /organization-\*$/.test(p))).toBe(true);
    const down = step(merge, (s) => !!s.uses?.startsWith('actions/download-artifact@'));
    const pattern = new RegExp(`^${String(down.with!.pattern).replace(/\*/g, '.*')}$`);
    expect(pattern.test(name.replace(/\$\{\{[^}]+\}\}/, '3'))).toBe(true);
    const [args] = cliCalls(merge, 'merge');
    expect(args).toContain(String(down.with!.path));
    // The job fails on incomplete evidence (2, 3), not on findings (1).
    const last = merge.steps.at(-1)!;
    expect(last.if).toMatch(/exit-code != '0' && steps\.merge\.outputs\.exit-code != '1'/);
  });

  it('uses OIDC, one role session per shard, and no stored keys', () => {
    expect(wf.permissions['id-token']).toBe('write');
    for (const [k, v] of Object.entries(wf.permissions)) if (k !== 'id-token') expect(v, k).not.toBe('write');
    const aws = step(scan, (s) => !!s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(aws.with!['role-to-assume']).toMatch(/^\$\{\{\s*vars\.[A-Z_]+\s*\}\}$/);
    expect(String(aws.with!['role-session-name'])).toMatch(/\$\{\{\s*matrix\.shard\s*\}\}/);
    expect(Object.keys(aws.with!).some((k) => /secret|access-key/i.test(k))).toBe(false);
    expect(text).not.toMatch(/secrets\./);
  });

  it('builds aims-scan from a pinned checkout, never from a package name', () => {
    expect(text).not.toMatch(/npx\s+(--yes\s+)?aims-scan/);
    expect(text).not.toMatch(/npm (i|install)\b[^\n]*aims-scan/);
    for (const job of [scan, merge]) {
      const co = step(job, (s) => !!s.uses?.startsWith('actions/checkout@'));
      expect(co.with!.ref).toMatch(/vars\.AIMS_SCAN_REF/);
      expect(co.with!.path).toBe('aims-scan');
      const build = step(job, (s) => s.name === 'Build aims-scan');
      expect(build['working-directory']).toBe('aims-scan');
      expect(build.run).toMatch(/^npm ci\b/);
      const i = job.steps.indexOf(build);
      // Built before the first aims-scan call.
      expect(job.steps.findIndex((s) => /cli\.js/.test(s.run ?? ''))).toBeGreaterThan(i);
    }
    // Every action pinned to a major version.
    for (const s of [...scan.steps, ...merge.steps]) if (s.uses) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });

  it('passes only flags aims-scan has, keeps ${{ }} out of scripts, and every script is valid bash', () => {
    for (const [command, calls] of [['scan', cliCalls(scan, 'scan')], ['merge', cliCalls(merge, 'merge')]] as const) {
      expect(calls.length).toBe(1);
      const known = flagsOf(command);
      for (const f of calls[0].filter((a) => a.startsWith('--'))) expect(known.has(f), `${command} ${f}`).toBe(true);
    }
    for (const s of [...scan.steps, ...merge.steps].filter((x) => x.run)) {
      expect(s.run, `${s.name}: pass values through env`).not.toMatch(/\$\{\{/);
      expect(() => execFileSync('bash', ['-n'], { input: s.run, stdio: ['pipe', 'pipe', 'pipe'] }), s.name).not.toThrow();
    }
  });
});
