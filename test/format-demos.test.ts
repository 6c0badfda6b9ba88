// The demo's format switcher shows the seed article published in each format: every one must
// render every paragraph of the seed, through detection by shape (no format attribute).
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/components/article-view/define.js';
import type { ArticleView } from '../src/components/article-view/article-view.js';
import { seedPageParagraphs } from './helpers/seed.js';

const formats: { label: string; src: string }[] = await (await fetch('/demo/articles/formats/index.json')).json();

describe('demo: the seed article in every published format', () => {
  for (const { label, src } of formats) {
    it(`renders every seed paragraph from ${label}`, async () => {
      const seed = await seedPageParagraphs();
      const el = await fixture<ArticleView>(html`<article-view src=${src.replace('./', '/demo/')}></article-view>`);
      if (el.state !== 'loaded') await oneEvent(el, 'article-load');
      expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal(seed.title);
      const text = () => el.shadowRoot!.querySelector('[part~="body"]')!.textContent!.replace(/\s+/g, ' ');
      await waitUntil(() => text().includes(seed.body.at(-1)!.slice(0, 40)), 'body never rendered');
      const flat = text();
      let at = 0;
      for (const paragraph of [...seed.body, ...seed.additionalContext]) {
        const found = flat.indexOf(paragraph.replace(/\s+/g, ' '), at);
        expect(found, paragraph.slice(0, 50)).to.be.greaterThan(-1);
        at = found;
      }
      expect(el.shadowRoot!.textContent).to.contain('the Mesh');
    });
  }
});
