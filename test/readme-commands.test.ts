// The README's command examples stay runnable: every `aims-scan` line in a code block names a
// command the CLI has and only flags that command takes (a renamed flag fails here, not on a
// reader's terminal).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** Each `aims-scan …` command in a fenced block, continuation lines joined, comments dropped. */
function commands(text: string): string[][] {
  const out: string[][] = [];
  for (const block of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    const lines = block[1].replace(/\\\n\s*/g, ' ').split('\n');
    for (const line of lines) {
      const m = /(?:^|[\s/;&|])aims-scan\s+(.*)$/.exec(line.replace(/\s#.*$/, ''));
      if (m) out.push(m[1].trim().replace(/[&;]\s*$/, '').trim().split(/\s+/));
    }
  }
  return out;
}

describe('README command examples', () => {
  const program = buildProgram();
  const found = commands(readme);

  it('finds the examples (the parser is not vacuous)', () => {
    expect(found.length).toBeGreaterThanOrEqual(10);
    expect(commands('```sh\nfor k in 1 2; do\n  aims-scan scan --shard "$k/2" \\\n    --out x &\ndone\n```')).toEqual([['scan', '--shard', '"$k/2"', '--out', 'x']]);
  });

  it('uses only commands and flags the CLI has', () => {
    const global = new Set(program.options.map((o) => o.long!));
    for (const words of found) {
      const line = `aims-scan ${words.join(' ')}`;
      const [name, ...rest] = words;
      if (name.startsWith('--')) {
        expect(global.has(name) || name === '--help', line).toBe(true);
        continue;
      }
      const cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
      expect(cmd, `${line}: no command "${name}"`).toBeDefined();
      const flags = new Set([...cmd!.options.map((o) => o.long!), ...cmd!.options.flatMap((o) => (o.short ? [o.short] : [])), '--help']);
      for (const w of rest.filter((x) => /^--?[a-z]/.test(x))) expect(flags.has(w.split('=')[0]), `${line}: ${name} has no ${w}`).toBe(true);
    }
  });
});
