/**
 * An article id from its title, for documents that carry no id or URL: the same for an article read
 * from a published format (`formats/`) and one read from the page's HTML (`from-dom.ts`).
 * Letters and digits of any script are kept, accents dropped and everything else joined by `-`:
 * `Ça déménage !` → `ca-demenage`. A title with neither gives `article`.
 */
export const slugify = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '') || 'article';
