/** The captured seed page in ../shared/seeds, served by test/fixture-server.mjs (SEED_PAGE in test/helpers/shared.mjs). */
const SEED_PAGE_URL = '/shared/seeds/000_d00d006edf10627e.txt';

/** The captured seed page, split into its paragraphs (blank-line separated), as the test oracle. */
export async function seedPageParagraphs(): Promise<{ body: string[]; additionalContext: string[]; title: string }> {
  const response = await fetch(SEED_PAGE_URL);
  if (!response.ok) throw new Error(`${SEED_PAGE_URL}: ${response.status}`);
  const text = await response.text();
  const paras = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const title = paras[1];
  const bylineAt = paras.findIndex((p) => p.startsWith('Written by:'));
  const contextAt = paras.indexOf('Additional Context');
  const taggedAt = paras.indexOf('Tagged:');
  return { title, body: paras.slice(2, bylineAt), additionalContext: paras.slice(contextAt + 1, taggedAt) };
}

/** Resolves with the next event of that type on `target`. */
export function nextEvent<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as GlobalEventHandlersEventMap[K]), { once: true }));
}

export const SEED_URL = '/demo/articles/digital-sovereignty.json';
export const SHORT_URL = '/test/fixtures/articles/short.json';
