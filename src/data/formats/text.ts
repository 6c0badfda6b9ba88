/**
 * Plain text out of the HTML and entity-escaped strings that published formats carry.
 * Runs in browsers and in Node (server rendering), so it never needs `document`:
 * a small table covers the entities feeds actually use, and DOMParser, where the
 * browser has one, decodes the rare named entity the table does not know.
 */

/** HTML's Latin-1 entities, U+00A0 to U+00FF in order: one string instead of 96 table rows. */
const LATIN1 = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 ' +
  'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig ' +
  'Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave ' +
  'iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

// prettier-ignore
const NAMED: Record<string, string> = {
  ...Object.fromEntries(LATIN1.map((name, i) => [name, String.fromCharCode(0xa0 + i)])),
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’',
  sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', lsaquo: '‹', rsaquo: '›', bull: '•', prime: '′', trade: '™',
  euro: '€', dagger: '†', Dagger: '‡', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003', zwj: '\u200d', zwnj: '\u200c',
  lrm: '\u200e', rlm: '\u200f', oelig: 'œ', OElig: 'Œ', scaron: 'š', Scaron: 'Š', circ: 'ˆ', tilde: '˜', minus: '−',
};

let parser: DOMParser | undefined;

function decodeNamed(name: string): string | undefined {
  if (Object.hasOwn(NAMED, name)) return NAMED[name];
  if (typeof DOMParser === 'undefined') return undefined;
  // Only `&name;` itself is parsed (the name is [A-Za-z0-9]), so nothing else of the input reaches the parser.
  parser ??= new DOMParser();
  const text = parser.parseFromString(`&${name};`, 'text/html').body.textContent ?? '';
  return text === `&${name};` ? undefined : text;
}

function fromCodePoint(code: number): string {
  // NUL, surrogates and out-of-range numbers are what HTML parsers replace with U+FFFD too.
  if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

/** Replaces character references (`&amp;`, `&#8217;`, `&#x2019;`) by the characters they stand for. */
export function decodeEntities(value: string): string {
  return value.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (match, dec, hex, name) => {
    if (dec) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex) return fromCodePoint(Number.parseInt(hex, 16));
    return decodeNamed(name as string) ?? match;
  });
}

// A tag, with quoted attribute values that may contain `>`.
const TAG = /<\/?[A-Za-z][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>/g;
const BLOCK_END = /<\/(?:p|div|blockquote|li|h[1-6]|pre|figure|figcaption|table|tr|ul|ol|section|article)\s*>/gi;

/**
 * Removes comments and script, style and template elements with their content. A loop with
 * indexOf rather than a lazy regex, which would take quadratic time on many unclosed `<script`.
 */
function dropHidden(html: string): string {
  // ASCII only: full toLowerCase can change the length (`İ`) and so the indexes.
  const lower = html.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const open = /<!--|<(script|style|template)\b/gi;
  let out = '';
  let kept = 0;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const close = m[1] ? lower.indexOf(`</${m[1].toLowerCase()}`, open.lastIndex) : lower.indexOf('-->', open.lastIndex);
    out += html.slice(kept, m.index);
    // Unclosed, it runs to the end, as in a browser.
    if (close === -1) return out;
    kept = m[1] ? lower.indexOf('>', close) + 1 || html.length : close + 3;
    open.lastIndex = kept;
  }
  return out + html.slice(kept);
}

/**
 * Text of an HTML fragment. With `paragraphs`, block ends become blank lines and `<br>`
 * a line break (for comments); without, all whitespace collapses to single spaces (for titles).
 * The result is shown as text, never parsed as HTML, so a tag this misses is at worst visible text.
 */
export function htmlToText(html: string, { paragraphs = false } = {}): string {
  // Line breaks in the source are white space in HTML; only <br> and block ends break lines.
  // Inline tags go without a trace, so `Hel<em>lo</em>` stays one word.
  const text = dropHidden(html)
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(BLOCK_END, '\n\n')
    .replace(TAG, '');
  if (!paragraphs) return collapse(decodeEntities(text));
  return decodeEntities(text)
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').map(collapse).filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n');
}

/** Collapses runs of white space to one space and trims. */
export function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
