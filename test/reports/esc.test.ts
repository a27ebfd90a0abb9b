// esc() is the one gate between account data and the HTML page; it was rewritten from six
// replaces to one pass for speed. This pins it to the six-pass definition on tricky and random text.
import { describe, expect, it } from 'vitest';
import { esc } from '../../reports/html.js';

/** The definition: control characters and lone surrogates → U+FFFD, then the five entities. */
function reference(s: unknown): string {
  return String(s ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

describe('esc', () => {
  it('escapes markup, quotes, control characters and lone surrogates', () => {
    expect(esc(`<img src=x onerror="alert('1')">&amp;`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;amp;');
    expect(esc('a\u0000b\u001bc\u0085d\u007f')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFD');
    expect(esc('lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00')).toBe('lone \uFFFD high, lone \uFFFD low, pair \uD83D\uDE00');
    expect(esc('tab\tnew\nline\r')).toBe('tab\tnew\nline\r');
    expect(esc(undefined)).toBe('');
    expect(esc(42)).toBe('42');
    const plain = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/e1';
    expect(esc(plain)).toBe(plain);
  });

  it('equals the six-pass definition on random text', () => {
    const alphabet = ['a', 'Z', ' ', '&', '<', '>', '"', "'", '\u0000', '\u0008', '\t', '\n', '\u000b', '\u001f', '\u007f', '\u0090', '\u00a0', 'é', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00', '\uFFFD', '&amp;'];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rand() * 12);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(esc(s), JSON.stringify(s)).toBe(reference(s));
    }
  });
});
