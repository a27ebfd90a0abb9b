// A tiny, strict XML 1.0 reader for tests (no XML parser is installed): elements, attributes,
// text, the five predefined entities and character references. It throws on anything that is not
// well-formed — unbalanced tags, a bare & or <, unquoted or repeated attributes, invalid characters.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isNameStart(c: string): boolean {
  const code = c.charCodeAt(0);
  return c === '_' || c === ':' || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code >= 0xc0;
}

function isNameChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return isNameStart(c) || c === '-' || c === '.' || (code >= 48 && code <= 57) || code === 0xb7;
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`XML not well-formed at ${i}: ${msg} (near ${JSON.stringify(src.slice(Math.max(0, i - 20), i + 20))})`);
  };
  for (const ch of src) if (!isXmlChar(ch.codePointAt(0) as number)) fail(`invalid character U+${(ch.codePointAt(0) as number).toString(16)}`);

  const ws = () => {
    while (i < src.length && ' \t\r\n'.includes(src[i])) i++;
  };
  const name = (): string => {
    const start = i;
    if (i >= src.length || !isNameStart(src[i])) fail('expected a name');
    i++;
    while (i < src.length && isNameChar(src[i])) i++;
    return src.slice(start, i);
  };
  const entity = (): string => {
    // at '&'
    const end = src.indexOf(';', i);
    if (end < 0 || end - i > 12) fail('bare &');
    const body = src.slice(i + 1, end);
    i = end + 1;
    if (body.startsWith('#x')) {
      const n = parseInt(body.slice(2), 16);
      if (!body.slice(2) || [...body.slice(2)].some((c) => !'0123456789abcdefABCDEF'.includes(c)) || !isXmlChar(n)) fail(`bad character reference &${body};`);
      return String.fromCodePoint(n);
    }
    if (body.startsWith('#')) {
      const n = Number(body.slice(1));
      if (!body.slice(1) || [...body.slice(1)].some((c) => !'0123456789'.includes(c)) || !isXmlChar(n)) fail(`bad character reference &${body};`);
      return String.fromCodePoint(n);
    }
    if (!(body in ENTITIES)) fail(`unknown entity &${body};`);
    return ENTITIES[body];
  };
  const text = (stopAt: string): string => {
    let out = '';
    while (i < src.length && src[i] !== stopAt) {
      if (src[i] === '&') out += entity();
      else if (src[i] === '<') fail('< inside text or attribute');
      else out += src[i++];
    }
    return out;
  };

  // Prolog: an optional XML declaration.
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  ws();

  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const an = name();
      ws();
      if (src[i] !== '=') fail(`attribute ${an} without =`);
      i++;
      ws();
      const q = src[i];
      if (q !== '"' && q !== "'") fail(`attribute ${an} not quoted`);
      i++;
      const v = text(q);
      if (src[i] !== q) fail(`attribute ${an} not closed`);
      i++;
      if (an in el.attrs) fail(`attribute ${an} repeated`);
      el.attrs[an] = v;
    }
    for (;;) {
      if (i >= src.length) fail(`<${el.name}> not closed`);
      if (src.startsWith('</', i)) {
        i += 2;
        const close = name();
        if (close !== el.name) fail(`</${close}> closes <${el.name}>`);
        ws();
        if (src[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      if (src[i] === '<') el.children.push(element());
      else el.text += text('<');
    }
  };

  const root = element();
  ws();
  if (i !== src.length) fail('content after the root element');
  return root;
}

export function all(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}
