// The lowest Node.js major package.json's `engines` admits, for the examples that pick a Node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function enginesMinMajor(): number {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { engines: { node: string } };
  const m = />=\s*(\d+)/.exec(pkg.engines.node);
  if (!m) throw new Error(`engines.node "${pkg.engines.node}" has no ">=N"`);
  return Number(m[1]);
}
