// Tool name and version, read from the package's own package.json (works from src/ and dist/src/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm package (scoped, so nobody else can publish under it); the command stays `aims-scan`. */
export const PACKAGE_NAME = '@aims-scan/cli';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p) && (JSON.parse(readFileSync(p, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    dir = dirname(dir);
  }
  throw new Error(`${PACKAGE_NAME} package.json not found`);
}

export const PACKAGE_ROOT = findRoot();
const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
export const TOOL = { name: 'aims-scan', version: pkg.version } as const;
