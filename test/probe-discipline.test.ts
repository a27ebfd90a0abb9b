// Issue 15: the same engine for everyone. No probe or fact hand-rolls "try, then tolerate" around
// an AWS call or uses the throwing calls: they read with ctx.read/readOrAbsent/list/listNewest and
// decide on partial evidence (checks/README.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', 'checks');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('probes and facts decide on partial evidence', () => {
  const sources = files(root).map((f) => ({ f: f.slice(root.length + 1), text: readFileSync(f, 'utf8') }));

  it('use none of the throwing calls (ctx.call, callOrAbsent, all, pages)', () => {
    const offenders = sources.filter((s) => /\bctx\.(call|callOrAbsent|all|pages)\(/.test(s.text)).map((s) => s.f);
    expect(offenders).toEqual([]);
  });

  it('catch no AWS error themselves (a try/catch is only for parsing a document)', () => {
    const offenders = sources.filter((s) => /\bAwsCallError\b/.test(s.text) || /catch \(err\)/.test(s.text)).map((s) => s.f);
    expect(offenders).toEqual([]);
  });
});
