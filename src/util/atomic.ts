// Reports are written whole or not at all: write a temp file beside the target, fsync, rename.
import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, writeSync, accessSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** The file operations used, replaceable so the fault suite can simulate a full disk. */
export const fsio = { openSync, writeSync, fsyncSync, closeSync, renameSync };

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fsio.openSync(tmp, 'w', 0o644);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += fsio.writeSync(fd, buf, off, buf.length - off);
    fsio.fsyncSync(fd);
    fsio.closeSync(fd);
    fd = undefined;
    fsio.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new OutputError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/** Creates the folder if needed and proves it is writable before any AWS call is made. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirp(dir);
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.${randomBytes(6).toString('hex')}.probe`);
    writeFileAtomic(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    throw new OutputError(`output folder ${dir} is not writable: ${(err as Error).message.replace(/^cannot write [^:]+: /, '')}`);
  }
}

/** The folders `mkdir -p dir` would create, outermost first (none when `dir` exists). */
export function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d)) {
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return missing;
}

/** Removes folders made for a run that was then refused, innermost first, each only while empty. */
export function removeEmptyDirs(dirs: readonly string[]): void {
  for (const d of [...dirs].reverse()) {
    try {
      if (readdirSync(d).length) return;
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/**
 * mkdir -p, one level at a time: Node's `recursive: true` spins forever on some paths
 * (e.g. under /proc, where mkdir answers ENOENT though the parent exists).
 */
function mkdirp(dir: string): void {
  for (const m of missingDirs(dir)) mkdirSync(m);
}
