import { expect } from '@open-wc/testing';
import { adaptArticle } from './formats/index.js';
import { articleFromElement } from './from-dom.js';
import { slugify } from './slug.js';

/** The id `<article-view>` gives a CMS-printed article (no `id` attribute) titled `title`. */
function idFromPage(title: string): string {
  const host = document.createElement('div');
  const h1 = document.createElement('h1');
  h1.textContent = title;
  host.append(h1);
  return articleFromElement(host)!.id;
}

/** The id of a JSON Feed item titled `title` that has neither an id nor a URL. */
const idFromFeed = (title: string) =>
  adaptArticle({ version: 'https://jsonfeed.org/version/1.1', items: [{ title, content_text: 'Body.' }] }).id;

/** The same for a schema.org article. */
const idFromSchemaOrg = (title: string) =>
  adaptArticle({ '@context': 'https://schema.org', '@type': 'Article', headline: title, articleBody: 'Body.' }).id;

describe('slugify', () => {
  const TITLES: [string, string][] = [
    ['Hello, World!', 'hello-world'],
    ['Ça déménage : 10 réponses', 'ca-demenage-10-reponses'],
    ['Résumé', 'resume'],
    ['שלום עולם', 'שלום-עולם'],
    ['東京 2026', '東京-2026'],
    ['  -- !? --  ', 'article'],
  ];
  for (const [title, id] of TITLES) {
    it(`gives ${JSON.stringify(title)} the same id from the page's HTML and from a published format`, () => {
      expect(slugify(title)).to.equal(id);
      expect(idFromPage(title)).to.equal(id);
      expect(idFromFeed(title)).to.equal(id);
      expect(idFromSchemaOrg(title)).to.equal(id);
    });
  }

  it('keeps a long title whole on both paths', () => {
    const title = 'A very long title '.repeat(8).trim();
    expect(idFromPage(title)).to.equal(idFromFeed(title));
    expect(idFromPage(title).length).to.be.greaterThan(80);
  });
});
