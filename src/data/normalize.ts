/**
 * What counts as visible text, and the form in which two texts are compared. Never applied to
 * what is stored or shown: the reader's words are kept as written (trimmed), these only decide
 * "is anything there?" (the reply schema's "required") and "is this the same text?" (the server's
 * duplicate check). No imports: the reply schema, in the browser's validation chunk, uses the first.
 */

/**
 * Characters nobody sees: Unicode's default-ignorable code points (zero-width space and joiners,
 * U+2060, U+FEFF, the soft hyphen, bidi marks, embeddings, overrides and isolates, the Hangul
 * fillers U+3164, U+115F and U+1160, variation selectors, tag characters…), white space and the
 * Braille blank U+2800.
 */
const INVISIBLE = /[\p{DI}\s\u2800]/gu;

/** True when `text` has at least one character that shows. */
export const hasVisible = (text: string): boolean => /[^\p{DI}\s\u2800]/u.test(text);

/**
 * The key two texts are compared by: compatibility-normalized (NFKC: NFC/NFD, full-width and
 * ligatures agree), case-folded, invisible characters removed, runs of white space collapsed to
 * one space. `Café` (NFC), `CAFE\u0301` (NFD) and `ｃａｆé` have the same key; `Cаfé` with a
 * Cyrillic `а` does not (homoglyphs are other letters).
 */
export function comparisonKey(text: string): string {
  // Invisible characters go before and after NFKC: removing one can leave a sequence NFKC composes
  // (`e`, U+200D, U+0301), and NFKC can produce one (U+FFA0 → U+1160). Upper then lower case folds
  // `ß` with `SS` and `ς` with `σ`, as full case folding does.
  const strip = (s: string) => s.replace(INVISIBLE, (c) => (/\p{DI}/u.test(c) ? '' : ' '));
  return strip(strip(text).normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC')).replace(/ +/g, ' ').trim();
}
