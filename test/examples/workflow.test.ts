// The example GitHub Actions workflow is valid, without actionlint (not available here): schema
// check of the parts we use, cron ranges, pinned actions, step-id references, `bash -n` on every
// script, no `${{ }}` inside scripts (injection), and every aims-scan flag it passes exists.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { buildProgram } from '../../src/cli.js';
import type { Step } from './github-workflow.js';

const ROOT = join(__dirname, '..', '..');
const FILE = join(ROOT, 'examples', 'github-actions', 'aims-scan-nightly.yml');
const SCHEMA = JSON.parse(readFileSync(join(__dirname, 'github-workflow.schema.json'), 'utf8'));

/**
 * Flags the workflow may use before `aims-scan scan --help` shows them: the lead's part of the
 * issue (config, governance, exit-code policy). Once they are in --help this list is moot; a flag
 * that is neither in --help nor here fails the test.
 */
export const PENDING_SCAN_FLAGS: Readonly<Record<string, string>> = {
  '--fail-on': 'lead: --fail-on fail|error|regression|none',
  '--baseline': 'lead: --baseline OLD (with --fail-on regression)',
};

interface Workflow {
  name: string;
  on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

const text = readFileSync(FILE, 'utf8');
const wf = parse(text) as Workflow;
const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
const stepById = (id: string) => steps.find((s) => s.id === id)!;

function optionsOf(command: string): Set<string> {
  const cmd = buildProgram().commands.find((c: Command) => c.name() === command);
  if (!cmd) throw new Error(`no ${command} command`);
  const help = cmd.helpInformation();
  // Both: the option list, and proof each one is really printed by --help.
  return new Set(cmd.options.map((o) => o.long!).filter((l) => help.includes(l)));
}

/** `args=(scan …)` / `args+=(…)` lines of a script: the scan's arguments. */
function scanArgs(script: string): string[] {
  return script
    .split('\n')
    .filter((l) => /^\s*args\+?=\(/.test(l))
    .flatMap((l) => l.replace(/^\s*args\+?=\(/, '').replace(/\)\s*$/, '').split(/\s+/));
}

describe('examples/github-actions/aims-scan-nightly.yml', () => {
  it('is well-formed YAML', () => {
    const doc = parseDocument(text, { prettyErrors: true });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    expect(doc.warnings.map((e) => e.message)).toEqual([]);
  });

  it('matches the workflow schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
    const validate = ajv.compile(SCHEMA);
    const ok = validate(wf);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects what actionlint would: unpinned action, bad cron, unknown key, step with both uses and run', () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false }).compile(SCHEMA);
    const mutate = (f: (w: Workflow & Record<string, unknown>) => void) => {
      const w = structuredClone(wf) as Workflow & Record<string, unknown>;
      f(w);
      return validate(w);
    };
    expect(mutate(() => undefined)).toBe(true);
    expect(mutate((w) => (w.jobs.scan.steps[0].uses = 'actions/checkout@main'))).toBe(false);
    expect(mutate((w) => (w.jobs.scan.steps[0].uses = 'actions/checkout'))).toBe(false);
    expect(mutate((w) => (w.on.schedule![0].cron = '17 2 * *'))).toBe(false);
    expect(mutate((w) => ((w.jobs.scan as Record<string, unknown>)['run-on'] = 'ubuntu-latest'))).toBe(false);
    expect(mutate((w) => (w.jobs.scan.steps[0].run = 'echo hi'))).toBe(false);
    expect(mutate((w) => (w.permissions['id-token'] = 'read'))).toBe(false);
    expect(
      mutate((w) => {
        const node = w.jobs.scan.steps.find((s) => s.with)!;
        delete node.uses;
        node.run = 'true';
      }),
    ).toBe(false);
    expect(mutate((w) => delete (w.jobs.scan as Partial<Workflow['jobs'][string]>)['runs-on'])).toBe(false);
  });

  it('runs nightly and on demand, with OIDC and read-only repository access', () => {
    expect(wf.on.schedule).toHaveLength(1);
    expect('workflow_dispatch' in wf.on).toBe(true);
    expect(wf.permissions['id-token']).toBe('write');
    expect(wf.permissions.contents).toBe('read');
    // Only what it needs: no write scopes beyond the OIDC token.
    for (const [k, v] of Object.entries(wf.permissions)) if (k !== 'id-token') expect(v, k).not.toBe('write');
  });

  it('cron fields are within range', () => {
    const ranges: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];
    for (const { cron } of wf.on.schedule!) {
      const fields = cron.split(' ');
      expect(fields).toHaveLength(5);
      fields.forEach((f, i) => {
        for (const part of f.split(',')) {
          const [range, step] = part.split('/');
          if (step !== undefined) expect(Number(step)).toBeGreaterThan(0);
          if (range === '*') continue;
          for (const n of range.split('-').map(Number)) {
            expect(n, `${cron} field ${i + 1}`).toBeGreaterThanOrEqual(ranges[i][0]);
            expect(n, `${cron} field ${i + 1}`).toBeLessThanOrEqual(ranges[i][1]);
          }
        }
      });
    }
  });

  it('assumes the role with OIDC from a repository variable, on Node 22', () => {
    const aws = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(aws.uses).toMatch(/@v\d+$/);
    expect(aws.with!['role-to-assume']).toMatch(/^\$\{\{\s*vars\.[A-Z_]+\s*\}\}$/);
    expect(aws.with!['aws-region']).toBeTruthy();
    expect(Object.keys(aws.with!).some((k) => /secret|access-key/i.test(k))).toBe(false);
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!;
    expect(String(node.with!['node-version'])).toBe('22');
    // The credentials come before the scan.
    expect(steps.indexOf(aws)).toBeLessThan(steps.indexOf(stepById('scan')));
  });

  it('every aims-scan flag it uses exists in --help (or is a documented pending flag)', () => {
    const scanFlags = optionsOf('scan');
    const args = scanArgs(stepById('scan').run!);
    expect(args[0]).toBe('scan');
    const used = args.filter((a) => a.startsWith('--'));
    for (const f of ['--evidence-pack', '--format', '--push-securityhub', '--baseline', '--fail-on']) expect(used).toContain(f);
    const missing = used.filter((f) => !scanFlags.has(f) && !(f in PENDING_SCAN_FLAGS));
    expect(missing, `flags the workflow passes that \`aims-scan scan --help\` does not list: ${missing.join(', ')}`).toEqual([]);
    // Values the CLI accepts.
    expect(args[args.indexOf('--format') + 1].split(',')).toEqual(['json', 'html', 'md']);
    args.forEach((a, i) => {
      if (a === '--fail-on') expect(['fail', 'error', 'regression', 'none']).toContain(args[i + 1]);
    });
    // The diff written to the summary: its flags exist too.
    const diffFlags = optionsOf('diff');
    const summary = steps.map((s) => s.run ?? '').find((r) => /\baims-scan\s+diff\s/.test(r))!;
    const diffLine = summary.split('\n').find((l) => /\sdiff\s/.test(l))!;
    const diffUsed = diffLine.slice(diffLine.indexOf(' diff ')).split(/\s+/).filter((a) => /^--[a-z]/.test(a));
    expect(diffUsed.length).toBeGreaterThan(0);
    for (const f of diffUsed) expect(diffFlags.has(f), f).toBe(true);
  });

  it('never runs an unpublished package name: aims-scan is built from a pinned commit of its repository, before any AWS credentials', () => {
    // Every shell word that fetches and runs a package by name: none may name aims-scan.
    const scripts = steps.map((s) => s.run ?? '').join('\n');
    expect(scripts).not.toMatch(/\bnpx\b|\bnpm\s+(exec|x)\b|aims-scan@|pnpm\s+dlx|yarn\s+dlx|bunx/);
    for (const line of scripts.split('\n').filter((l) => /\bnpm\s+(install|i|add)\b/.test(l))) {
      // An install names a local tarball or folder, never a registry name.
      const targets = line.replace(/^.*?\bnpm\s+(install|i|add)\b/, '').split(/\s+/).filter((a) => a && !a.startsWith('-'));
      for (const t of targets) expect(t, line).toMatch(/^(\.|\/|"?\$)/);
    }
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.repository)!;
    expect(checkout.with!.ref).toMatch(/^\$\{\{\s*vars\.AIMS_SCAN_COMMIT\s*\}\}$/);
    expect(checkout.with!['persist-credentials']).toBe(false);
    const install = steps.find((s) => /npm install -g/.test(s.run ?? ''))!;
    expect((install as Step & { 'working-directory'?: string })['working-directory']).toBe(checkout.with!.path);
    // The commit must be a full SHA (a branch or tag could move under the scan role's credentials).
    expect(install.run).toContain('^[0-9a-f]{40}$');
    expect(install.run).toMatch(/npm ci\b[\s\S]*npm pack\b[\s\S]*npm install -g "\$RUNNER_TEMP"\/aims-scan-cli-\*\.tgz/);
    const aws = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(steps.indexOf(checkout)).toBeLessThan(steps.indexOf(install));
    expect(steps.indexOf(install)).toBeLessThan(steps.indexOf(aws));
    // The scan and the diff run the installed command.
    expect(stepById('scan').run).toMatch(/\baims-scan "\$\{args\[@\]\}"/);
  });

  it('fetches the baseline without failing the job when there is none, and fails on regressions', () => {
    const base = stepById('baseline');
    expect(base['continue-on-error']).toBe(true);
    const scan = stepById('scan').run!;
    // --fail-on regression only with a baseline (the CLI refuses it without one).
    expect(scan).toMatch(/if \[ -f baseline\/report\.json \]; then\s+args\+=\(--baseline baseline\/report\.json --fail-on regression\)/);
    const last = steps[steps.length - 1];
    expect(last.if).toMatch(/steps\.scan\.outputs\.exit-code != '0'/);
    expect(last.run).toMatch(/exit 1\s*$/);
    // The report and the pack are uploaded whatever the outcome; the baseline artifact's name matches.
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.map((u) => u.if)).toEqual(['always()', 'always()']);
    expect(uploads.map((u) => String(u.with!.path))).toEqual([expect.stringMatching(/evidence-\*\.zip$/), expect.stringMatching(/report\.json$/)]);
    const reportArtifact = String(uploads[1].with!.name);
    expect(base.run).toContain(`--name ${reportArtifact}`);
    // The summary goes to the job page.
    expect(steps.some((s) => /\$GITHUB_STEP_SUMMARY/.test(s.run ?? '') && /summary\.md/.test(s.run ?? ''))).toBe(true);
  });

  it('references only steps defined before, and keeps ${{ }} out of scripts', () => {
    const seen = new Set<string>();
    for (const s of steps) {
      const blob = JSON.stringify({ if: s.if, with: s.with, env: s.env });
      for (const m of blob.matchAll(/steps\.([A-Za-z0-9_-]+)\./g)) expect(seen.has(m[1]), `step ${s.name} uses steps.${m[1]} before it exists`).toBe(true);
      if (s.run) expect(s.run, `step ${s.name}: pass values through env, not \${{ }} in the script`).not.toMatch(/\$\{\{/);
      if (s.id) seen.add(s.id);
    }
  });

  it('every script is valid bash', () => {
    for (const s of steps.filter((x) => x.run)) {
      expect(() => execFileSync('bash', ['-n'], { input: s.run, stdio: ['pipe', 'pipe', 'pipe'] }), s.name).not.toThrow();
    }
    // And the check can fail.
    expect(() => execFileSync('bash', ['-n'], { input: 'if [ x ]; then echo', stdio: ['pipe', 'pipe', 'pipe'] })).toThrow();
  });
});
