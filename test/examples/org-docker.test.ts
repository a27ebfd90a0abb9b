// The Dockerfile of the organization examples: linted here (base pinned to an exact release,
// non-root user, working folder, no secret-looking ENV/ARG, nothing piped into a shell, only the
// production dependencies in the final image, an allow-list .dockerignore covering every COPY),
// and built and run where a container engine is usable.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enginesMinMajor } from './engines.js';

const ROOT = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** Instructions with continuation lines joined and comments dropped; `stage` counts FROMs. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i].trim();
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1].toUpperCase();
    if (op === 'FROM') stage += 1;
    out.push({ op, args: m[2].trim(), stage });
  }
  return out;
}

const ins = instructions(dockerfile);
const last = Math.max(...ins.map((i) => i.stage));
const final = ins.filter((i) => i.stage === last);
const stageNames = new Set(ins.filter((i) => i.op === 'FROM').map((i) => /\bAS\s+(\S+)/i.exec(i.args)?.[1]).filter(Boolean));

/** `docker`/`podman` with a reachable engine, or why not. */
function engine(): { cli: string } | { why: string } {
  const found: string[] = [];
  for (const cli of ['docker', 'podman']) {
    try {
      execFileSync('sh', ['-c', `command -v ${cli}`], { stdio: 'pipe' });
    } catch {
      continue;
    }
    found.push(cli);
    try {
      execFileSync(cli, ['info'], { stdio: 'pipe', timeout: 15_000 });
      return { cli };
    } catch {
      continue;
    }
  }
  return { why: found.length ? `${found.join(' and ')} on PATH but no engine reachable` : 'no docker or podman on PATH' };
}

describe('Dockerfile (lint)', () => {
  it('pins every base image to an exact release or a digest, and the final one is the Node 24 CI runs the suite on', () => {
    const froms = ins.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0]);
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) {
      if (stageNames.has(image)) continue;
      const pinned = /@sha256:[0-9a-f]{64}$/.test(image) || /^[\w./-]+:\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/.test(image);
      expect(pinned, image).toBe(true);
      expect(image).not.toMatch(/:latest\b/);
    }
    expect(froms.at(-1)).toMatch(/^node:24\.\d+\.\d+-/);
    // Inside package.json's engines, and .ci/run's second run is that major.
    const min = enginesMinMajor();
    expect(Number(/^node:(\d+)\./.exec(froms.at(-1)!)![1])).toBeGreaterThanOrEqual(min);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toContain('"$node_pkg@24"');
  });

  it('runs as a non-root user in a set working folder, with an exec-form entrypoint to the CLI', () => {
    const user = final.filter((i) => i.op === 'USER').at(-1);
    expect(user, 'USER in the final stage').toBeDefined();
    expect(user!.args).not.toMatch(/^(root|0)(:|$)/);
    expect(final.some((i) => i.op === 'WORKDIR')).toBe(true);
    const entry = final.find((i) => i.op === 'ENTRYPOINT')!;
    expect(JSON.parse(entry.args)).toEqual(['node', '/app/dist/src/cli.js']);
    // Nothing runs as root after the switch to the user.
    expect(final.slice(final.indexOf(user!)).some((i) => i.op === 'USER' && /^(root|0)/.test(i.args))).toBe(false);
  });

  it('bakes in no credentials and pipes nothing from the network into a shell', () => {
    for (const i of ins.filter((x) => x.op === 'ENV' || x.op === 'ARG')) {
      const names = i.args.split(/\s+/).map((kv) => kv.split('=')[0]);
      for (const n of names) expect(n, i.args).not.toMatch(/SECRET|PASSWORD|PASSWD|TOKEN|ACCESS_KEY|PRIVATE|CREDENTIAL|API_KEY|AWS_SESSION/i);
    }
    for (const i of ins.filter((x) => x.op === 'RUN')) {
      expect(i.args, i.args).not.toMatch(/(curl|wget)[^|]*\|\s*(ba|z)?sh/);
      expect(i.args).not.toMatch(/aws configure|AWS_ACCESS_KEY_ID/);
    }
    expect(ins.some((i) => i.op === 'ADD' && /https?:/.test(i.args))).toBe(false);
    expect(ins.some((i) => i.op === 'COPY' && /^\.\s+\./.test(i.args))).toBe(false);
  });

  it('installs only production dependencies, from the lockfile, in the final image', () => {
    const runs = final.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /npm (i|install)\b/.test(r))).toBe(false);
    expect(final.some((i) => i.op === 'COPY' && /package-lock\.json/.test(i.args))).toBe(true);
    expect(final.some((i) => i.op === 'COPY' && /^--from=\w+\s+\/src\/dist\s/.test(i.args))).toBe(true);
  });

  it('.dockerignore is an allow-list that lets in every file the Dockerfile copies, and no secrets', () => {
    const lines = ignore.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('**');
    const allowed = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    const allows = (p: string) => allowed.some((a) => a === p || (a.endsWith('/**') && p.startsWith(a.slice(0, -2))));
    for (const a of allowed) expect(a, a).not.toMatch(/(^|\/)(\.aws|\.env|\.git|node_modules|\.npmrc)/);
    const sources = ins.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from')).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const src of sources) {
      expect(existsSync(join(ROOT, src)), `${src} exists`).toBe(true);
      expect(allows(src) || allows(`${src}/**`), `${src} passes .dockerignore`).toBe(true);
    }
  });
});

const found = engine();
const buildName = 'cli' in found ? `builds with ${found.cli}, runs as non-root and prints its version` : `builds and runs (skipped: ${found.why})`;

describe('Dockerfile (build)', () => {
  it.skipIf(!('cli' in found))(buildName, () => {
    const cli = (found as { cli: string }).cli;
    const tag = `aims-scan:test-${process.pid}`;
    try {
      execFileSync(cli, ['build', '-t', tag, ROOT], { stdio: 'pipe', timeout: 900_000 });
      expect(execFileSync(cli, ['run', '--rm', tag, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
      expect(execFileSync(cli, ['run', '--rm', '--entrypoint', 'id', tag, '-u'], { encoding: 'utf8' }).trim()).not.toBe('0');
      expect(execFileSync(cli, ['run', '--rm', '--entrypoint', 'node', tag, '--check', '/app/examples/org/ecs-task.mjs'], { encoding: 'utf8' })).toBe('');
    } finally {
      try {
        execFileSync(cli, ['rmi', '-f', tag], { stdio: 'pipe' });
      } catch {
        // nothing built
      }
    }
  }, 960_000);
});
