// What reaches the terminal from the AWS SDK and Node: nothing by default (an internal failure is
// one line), everything with --verbose — prefixed, one line at a time, without credentials.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const GUARD = join(__dirname, '..', 'dist', 'src', 'output-guard.js');
const SECRET = 'guardCanarySecret/DoNotPrint+0123456789';

// The SDK's own console writes (src: @smithy/core endpoints, @aws-sdk/core protocols), a Node
// warning, an SDK log record with a body, and a stray rejection.
const SCRIPT = `
import { installOutputGuards, sdkLogger } from ${JSON.stringify(GUARD)};
installOutputGuards({ verbose: process.argv.includes('--verbose') });
console.error('Failed to construct URL with http://123456789012.127.0.0.1:4566/', new TypeError('Invalid URL'));
console.warn(Object.assign(new Error('Received number 1 where a string was expected.'), { name: 'Warning' }));
console.log('noise on stdout');
process.emitWarning('a Node warning');
sdkLogger()?.info({ clientName: 'STSClient', commandName: 'GetCallerIdentityCommand', input: { RoleArn: 'r' }, output: { Environment: { DB_PASSWORD: 'hunter2hunter2' } }, metadata: { httpStatusCode: 200 } });
sdkLogger()?.debug('signing with AKIAGUARDCANARY00001 and ' + process.env.AWS_SECRET_ACCESS_KEY);
setTimeout(() => Promise.reject(new Error('stray rejection')), 10);
setTimeout(() => console.error('never reached'), 2000);
`;

async function guarded(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, AWS_SECRET_ACCESS_KEY: SECRET };
  return run(process.execPath, ['--input-type=module', '-e', SCRIPT, '--', ...args], { env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe('output guards', () => {
  it('by default: no SDK console output, no Node warning, and an internal failure is one line (exit 2)', async () => {
    const r = await guarded([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('aims-scan: error: internal error: stray rejection (run with --verbose for details)\n');
  });

  it('with --verbose: each line prefixed on stderr, SDK log records without bodies, stacks shown, credentials masked', async () => {
    const r = await guarded(['--verbose']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith('aims-scan: ') || /^\s+at /.test(l) || /^\w*Error: /.test(l))).toBe(true);
    expect(r.stderr).toMatch(/^aims-scan: sdk error: Failed to construct URL with http:\/\/123456789012\.127\.0\.0\.1:4566\/ TypeError: Invalid URL$/m);
    expect(r.stderr).toMatch(/^aims-scan: sdk warn: Warning: Received number 1 where a string was expected\.$/m);
    expect(r.stderr).toMatch(/^aims-scan: warning: Warning: a Node warning$/m);
    expect(r.stderr).toMatch(/^aims-scan: sdk info: \{"clientName":"STSClient","commandName":"GetCallerIdentityCommand","input":"\[not logged\]","output":"\[not logged\]","metadata":\{"httpStatusCode":200\}\}$/m);
    expect(r.stderr).toMatch(/^aims-scan: error: internal error: stray rejection$/m);
    expect(r.stderr).toMatch(/^\s+at /m);
    for (const s of ['hunter2hunter2', SECRET, 'AKIAGUARDCANARY00001']) expect(r.stderr).not.toContain(s);
    expect(r.stderr).toContain('AKIA…');
  });
});
