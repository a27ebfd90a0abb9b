// Shortening text for fixed-width output without breaking what a reader copies: a cut falls on a
// word boundary (so an official ID such as A.6.2.8 or an ARN is never split) and is marked "…".

const BOUNDARY = /[\s,;]/;

/**
 * `s` in at most `n` characters: whole when it fits, else cut at the last space, comma or
 * semicolon that keeps at least half the room, and "…" appended. A single word longer than the
 * room (a long ARN) is cut inside, still with "…".
 */
export function truncate(s: string, n: number): string {
  if (s.length <= n) return s;
  if (n <= 1) return '…';
  const room = s.slice(0, n - 1);
  let at = -1;
  for (let i = room.length; i > 0; i--) {
    if (BOUNDARY.test(s[i])) {
      at = i;
      break;
    }
  }
  const head = at >= Math.floor(n / 2) ? room.slice(0, at) : room;
  return head.replace(/[\s,;]+$/, '') + '…';
}

/** Space-separated items laid out in lines of at most `width` characters, never splitting an item. */
export function wrapItems(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const it of items) {
    if (line && line.length + 1 + it.length > width) {
      lines.push(line);
      line = it;
    } else line = line ? `${line} ${it}` : it;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
