import { expect } from '@open-wc/testing';
import type { Article } from '../article.js';
import { LoadError } from '../errors.js';
import { parseArticle } from '../parse-article.js';
import { sanitizeHtml } from '../sanitize.js';
import { parseDate } from './dates.js';
import { adaptArticle, FORMATS, type AdaptOptions, type FormatName } from './index.js';

/** The real-world samples in ../shared/samples, served by test/fixture-server.mjs. */
const SAMPLES = '/shared/samples/';

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json() as Promise<unknown>;
}

/** The body as a reader sees it: text blocks as they are, HTML blocks after sanitizing. */
async function bodyText(article: Article): Promise<string> {
  const parts: string[] = [];
  for (const block of article.body) {
    if (block.type === 'html') parts.push((await sanitizeHtml(block.html)).textContent ?? '');
    else if (block.type === 'list') parts.push(block.items.join('\n'));
    else parts.push(block.text);
  }
  return parts.join('\n');
}

function catchError(run: () => unknown): LoadError {
  try {
    run();
  } catch (error) {
    if (error instanceof LoadError) return error;
    throw error;
  }
  throw new Error('expected a LoadError');
}

/** The error for a document no format reads: kind `format`, every format tried named in the message and in `issues`. */
function expectNoFormatMatched(error: LoadError, url: string): void {
  expect(error.kind).to.equal('format');
  expect(error.url).to.equal(url);
  expect(error.message).to.match(/^No known article format matched: /);
  expect(error.issues.map((i) => i.path)).to.deep.equal([...FORMATS]);
  for (const format of FORMATS) expect(error.message).to.include(`${format}: `);
}

/**
 * The adapters turn no-break spaces into plain ones (French `Screenshot\u00a0:`); rows keep the
 * document's, and titles are compared as if both were plain spaces until the adapters keep them.
 */
const spaces = (text: string) => text.replace(/\u00a0/g, ' ');

interface Sample {
  file: string;
  format: FormatName;
  options?: AdaptOptions;
  /**
   * `null` when the document has no title (fediverse notes). The model requires one today, so the
   * adapters make one up from the text: that title is not checked, it is not the document's.
   */
  title: string | null;
  /**
   * Authors by name, or `{ url }` for one the document knows only by a link (AS2 `attributedTo` as
   * a URL): its name is not checked, since the adapters build one from the URL today.
   */
  authors: (string | { url: string })[];
  published?: string;
  tags?: string[];
  lang?: string;
  /** A phrase the rendered body contains; absent when the document has no body. */
  phrase?: string;
}

/** One row per published document (and per item picked from a feed). */
// prettier-ignore
const SAMPLE_TABLE: Sample[] = [
  { file: 'as2-vocab-ex43-Article.json', format: 'activitystreams', title: 'A Blog Post', authors: ['sally.example.org'],
    phrase: 'a long blog post' },
  { file: 'ghost-content-api-v2-posts-include-tags-authors.json', format: 'ghost', title: 'Welcome', authors: ['Ghost'],
    published: '2012-11-27T15:30:00.000Z', tags: ['Getting Started'], phrase: 'it\'s great to have you here' },
  { file: 'google-search-docs-NewsArticle-two-authors.json', format: 'schemaorg', title: 'Title of a News Article',
    authors: ['Jane Doe', 'John Doe'], published: '2024-01-05T00:00:00.000Z' },
  { file: 'jsonfeed-1.0-curtclifton-long-posts.json', format: 'jsonfeed', title: 'Twitter Quitter', authors: ['Curt Clifton'],
    published: '2018-01-06T08:00:00.000Z', phrase: 'I’ve decided to close my Twitter account' },
  { file: 'jsonfeed-1.0-curtclifton-long-posts.json', format: 'jsonfeed', options: { item: 'which-mac-' }, title: 'Which Mac?',
    authors: ['Curt Clifton'], published: '2016-10-29T07:00:00.000Z', phrase: 'Mac' },
  { file: 'jsonfeed-1.0-pxlnv-http-version-url.json', format: 'jsonfeed', title: 'Uber Lost $4.5 Billion in 2017',
    authors: ['Nick Heer'], published: '2018-02-13T23:23:12.000Z', phrase: 'Adjusted net revenue last quarter' },
  { file: 'jsonfeed-1.0-pxlnv-http-version-url.json', format: 'jsonfeed', options: { item: 'https://pxlnv.com/linklog/fcc-verizon-jokes/' },
    title: 'FCC Says Releasing ‘Jokes’ It Wrote About Ajit Pai Colluding With Verizon Would ‘Harm’ Agency',
    authors: ['Nick Heer'], published: '2018-02-06T13:44:40.000Z', phrase: 'Verizon' },
  { file: 'jsonfeed-1.0-spec-announcing.json', format: 'jsonfeed', title: 'Announcing JSON Feed',
    authors: ['Brent Simmons and Manton Reece'], published: '2017-05-17T15:02:12.000Z', phrase: 'JSON has become the developers’ choice' },
  { file: 'jsonfeed-1.1-authors-edge-cases.json', format: 'jsonfeed', title: 'Author test feed', authors: ['Root Author 1', 'Root Author 2'] },
  { file: 'jsonfeed-1.1-authors-edge-cases.json', format: 'jsonfeed', options: { item: 'Item with legacy author' },
    title: 'Author test feed', authors: ['Legacy Item Author'] },
  { file: 'jsonfeed-1.1-authors-edge-cases.json', format: 'jsonfeed', options: { item: 'Item with modern authors' },
    title: 'Author test feed', authors: ['Item Author 1', 'Item Author 2'] },
  { file: 'jsonfeed-1.1-authors-edge-cases.json', format: 'jsonfeed', options: { item: 'Item with both' },
    title: 'Author test feed', authors: ['Item Author 1', 'Item Author 2'] },
  { file: 'jsonfeed-1.1-influxdata-rfc2822-dates.json', format: 'jsonfeed',
    title: 'InfluxDB vs. Graphite for Time Series Data & Metrics Benchmark', authors: ['Chris Churilo', 'Fake Author 1'],
    published: '2019-05-31T19:17:58.000Z', tags: ['InfluxDB', 'Community', 'Elasticsearch', 'Time Series Database'],
    lang: 'en-US', phrase: 'latest benchmark results for InfluxDB 1.8.0 and Graphite 1.1.7' },
  { file: 'jsonfeed-1.1-influxdata-rfc2822-dates.json', format: 'jsonfeed',
    options: { item: 'https://www.influxdata.com/blog/influxdb-markedly-elasticsearch-in-time-series-data-metrics-benchmark' },
    title: 'InfluxDB vs. Elasticsearch for Time Series Data & Metrics Benchmark', authors: ['Chris Churilo'],
    published: '2018-02-06T13:34:12.000Z', tags: ['InfluxDB', 'Community', 'Elasticsearch', 'Time Series Database'],
    lang: 'en-AU', phrase: 'Elasticsearch v7.8.0' },
  { file: 'jsonfeed-1.1-influxdata-rfc2822-dates.json', format: 'jsonfeed', options: { item: 'https://example.com' },
    title: 'Fake item', authors: ['Fake Author 3', 'Fake Author 4'], lang: 'en-US' },
  { file: 'schemaorg-Article-interactionStatistic-eg-0023.json', format: 'schemaorg', title: 'How to Tie a Reef Knot', authors: ['John Doe'] },
  { file: 'schemaorg-NewsArticle-bbc-eg-0245.json', format: 'schemaorg',
    title: 'Trump Russia claims: FBI\'s Comey confirms investigation of election \'interference\'', authors: [],
    published: '2017-03-20T20:30:54.000Z', phrase: 'the probe into last year\'s US election' },
  { file: 'schemaorg-ReportageNewsArticle-correction-eg-0266.json', format: 'schemaorg',
    title: 'The Snubs and Surprises of the 2018 Oscar Nominations', authors: [], published: '2018-01-23' },
  { file: 'wp-v2-post-model.json', format: 'wordpress', title: 'REST API Client Fixture: Post', authors: [],
    published: '2017-02-14T00:00:00.000Z', phrase: 'Updated post content.' },
  { file: 'wp-v2-posts-collection.json', format: 'wordpress', title: 'REST API Client Fixture: Post', authors: [],
    published: '2017-02-14T00:00:00.000Z', phrase: 'Updated post content.' },
  { file: 'wp-v2-posts-embed-demo-wp-api-org.json', format: 'wordpress', title: 'This is a test post!', authors: ['xxxxx'],
    published: '2016-09-03T13:54:33.000Z', tags: ['Uncategorized'], phrase: 'This is a test post!' },
  { file: 'wp-v2-post-embed-featuredmedia-replies-demo-worona.json', format: 'wordpress', title: 'The Beauties of Gullfoss',
    authors: ['Alan Martin'], published: '2016-11-25T18:31:11.000Z',
    tags: ['Photography', 'Travel', 'Gullfoss', 'Iceland', 'Nature', 'Waterfall'],
    phrase: 'Gullfoss is a waterfall located in the canyon of the Hvítá river in southwest Iceland.' },
  { file: 'as2-mastodon-Create-Note-image-alt-mastodon-social.json', format: 'activitystreams', title: null,
    authors: [{ url: 'https://mastodon.social/users/mczachurski' }], published: '2023-09-03T11:27:00.000Z',
    tags: ['prague', 'gdansk', 'krakow', 'london', 'wroclaw'], lang: 'en',
    phrase: 'It\'s time to review and edit photos from #Prague, #Gdańsk, #Kraków, #London and #Wrocław. And plan next trips 😉.' },
  { file: 'as2-pixelfed-Create-Note-image-alt-location.json', format: 'activitystreams', title: null,
    authors: [{ url: 'https://pixelfed.social/users/mczachurski' }], published: '2023-10-30T13:07:15.000Z',
    tags: ['streetphotography', 'colorphotography'], phrase: 'Shadows #colorphotography #streetphotography' },
  { file: 'as2-bridgyfed-Note-image-alt-url-array.json', format: 'activitystreams', title: null,
    authors: [{ url: 'https://bsky.brid.gy/ap/did:plc:25pjv3klpvtyfupgodearyop' }], published: '2026-03-19T07:37:53.911Z',
    tags: ['railway', 'photography'], lang: 'en', phrase: 'Semaphore at Park South. 20 December 2025. #railway #photography' },
  { file: 'jsonfeed-1.0-timetable-podcast-audio-mpeg.json', format: 'jsonfeed', title: 'Episode 45: Launch week', authors: [],
    published: '2017-04-26T01:09:45.000Z', phrase: 'I’m rolling out early access to Micro.blog this week.' },
  { file: 'jsonfeed-1.1-spec-podcast-the-record.json', format: 'jsonfeed', title: 'Special #1 - Chris Parrish', authors: [],
    published: '2014-05-09T21:04:00.000Z', phrase: 'Chris’s new company is Aged & Distilled with Guy English' },
  { file: 'schemaorg-NewsArticle-vox-image-array-no-body.json', format: 'schemaorg', title: 'How to watch the 21 best films of 2017',
    authors: ['Alissa Wilkinson'], published: '2017-12-15T13:50:02.000Z' },
  // `datePublished` has no time zone: read as UTC, as parseDate reads every zone-less time.
  { file: 'schemaorg-NewsArticle-liberation-fr-two-authors-no-body.json', format: 'schemaorg',
    title: 'Screenshot\u00a0: «Vape Wave», «6\u00a0Days», «Alphonse Président»…', authors: ['Alexandre Hervaud', 'Jérémy Piette'],
    published: '2017-11-24T18:42:20.314Z',
    tags: ('Documentaire,Libération,Netflix,Arte,Marsha P. Johnson,Alan Moore,France,New York,Cinéaste,Thriller,' +
      'Special Air Service,Acteur,Web-série,Opération Nimrod,Jim Carrey,Winamp,Planète+,Queer,LGBT,Icône,From Hell,Comique,' +
      'Etty Buzyn,Bande-annonce,Jefferson Starship,Vieux-croyants,Greenwich Village,V pour Vendetta,Michel Vuillermoz,' +
      'Évangélisation,Sans-abri,Frein de bicyclette,Cigarette,Allergie,États-Unis,Dieu merci!,Londres,Édouard Baer,' +
      'Clément Cogitore,Margaret Thatcher,Vidéo à la demande,Pays de la Loire,Cinéma,Brasses,Réalisateur,10 Downing Street,' +
      'Jérusalem,Orange Cinéhappy,Mégot,Long métrage,Un grand patron,Droits de l\'homme,Baron noir,Ermites dans la taïga,DVD,' +
      'Parfum,Financement participatif,Révolution,Albert Dupontel,Sénat,Andy Kaufman,Autarcie,Royaume-Uni,Famille Lykov,Brexit,' +
      'Captures d\'écran,Jan Kounen,Dobermann,Comédie-Française,Famille,Taïga,Queen,' +
      'Prise d\'otages des Jeux olympiques de Munich,Président de la République,99 francs,Langue de bois,Miloš Forman,Torture,' +
      'Watchmen,Anonymous,François Hollande,The Dead Lands,Mark Strong,Jamie Bell,Nabiha Akkari,Jean-Michel Lahmi,' +
      'France 3 Limousin,Tournage,Élysée,Cigarette électronique,Billy Elliot,Andy Warhol,Vaudou,Des lendemains qui chantent,' +
      'Prostitution,Angleterre,Rosa Parks,Bob Zmuda,Émeutes de Stonewall,CNC,MtF,Tabac,Michel Serres,Violence,ADAGP,' +
      'French Touch,Premier ministre,Canal+,Danse,Man on the Moon,The Great Beyond,Veep,House of Cards,Vassili Peskov').split(',') },
];

/**
 * Published documents no adapter reads yet. They must be refused with a `format` error naming every
 * format tried, never shown half-read; a row moves to SAMPLE_TABLE when an adapter learns the format.
 */
const KNOWN_UNSUPPORTED: { file: string; what: string }[] = [
  { file: 'mastodon-api-v1-status-cw-image-description-beige-party.json', what: 'a Mastodon REST API v1 status' },
  { file: 'mastodon-api-v1-status-cw-no-media-docs-cybre-space.json', what: 'a Mastodon REST API v1 status' },
  { file: 'as2-peertube-Video-markdown-content.json', what: 'a PeerTube ActivityStreams Video' },
];
const COMMENT_FILES = ['wp-v2-comment-model.json', 'wp-v2-comments-collection.json'];

describe('adaptArticle with published documents', () => {
  it('has a row for every sample listed in SOURCES.md', async () => {
    const sources = await (await fetch(`${SAMPLES}SOURCES.md`)).text();
    const listed = [...sources.matchAll(/^\| ([\w.-]+\.json) \|/gm)].map((m) => m[1]);
    expect(listed.length).to.be.greaterThan(10);
    const covered = new Set([...SAMPLE_TABLE, ...KNOWN_UNSUPPORTED].map((s) => s.file).concat(COMMENT_FILES));
    expect(listed.filter((file) => !covered.has(file))).to.deep.equal([]);
  });

  for (const sample of SAMPLE_TABLE) {
    it(`reads ${sample.file}${sample.options?.item ? ` item ${sample.options.item}` : ''} as ${sample.format}`, async () => {
      const doc = await getJson(SAMPLES + sample.file);
      const article = adaptArticle(doc, sample.options);
      expect(parseArticle(article)).to.deep.equal(article);
      // Detection picked the format the row names: forcing it gives the same article.
      expect(adaptArticle(doc, { ...sample.options, format: sample.format })).to.deep.equal(article);
      if (sample.title !== null) expect(spaces(article.title)).to.equal(spaces(sample.title));
      const authors = (article.authors ?? []).map((a, i) => (typeof sample.authors[i] === 'object' ? { url: a.url } : a.name));
      expect(authors).to.deep.equal(sample.authors);
      expect(article.published).to.equal(sample.published);
      expect(article.tags?.map((t) => t.name)).to.deep.equal(sample.tags);
      expect(article.lang).to.equal(sample.lang);
      const text = await bodyText(article);
      if (sample.phrase) expect(text).to.include(sample.phrase);
      else expect(text.trim()).to.equal('');
      expect(text).not.to.match(/&(?:[a-z]+|#\d+);/i);
    });
  }

  for (const { file, what } of KNOWN_UNSUPPORTED) {
    it(`refuses ${file} (${what}), naming every format tried`, async () => {
      const url = new URL(SAMPLES + file, location.href).href;
      const doc = await getJson(url);
      expectNoFormatMatched(
        catchError(() => adaptArticle(doc, { url })),
        url,
      );
    });
  }

  it('returns a native article as it is', async () => {
    const doc = await getJson('/test/fixtures/articles/short.json');
    expect(adaptArticle(doc)).to.deep.equal(parseArticle(doc));
    expect(adaptArticle(doc, { format: 'native' })).to.deep.equal(parseArticle(doc));
  });
});

describe('adaptArticle errors', () => {
  const WRONG_SHAPES: [FormatName, unknown, RegExp][] = [
    ['native', { id: 'x', body: [] }, /^This is not an article: title: required string\.$/],
    ['wordpress', { id: 1, title: { rendered: 'T' } }, /^This is not a WordPress post: no "content\.rendered"\.$/],
    ['wordpress', { id: 1, content: { rendered: '<p>x</p>' } }, /no "title\.rendered"/],
    ['wordpress', [], /the post list is empty/],
    ['jsonfeed', { title: 'A feed', items: [] }, /^This is not a JSON Feed: no "version"\.$/],
    ['jsonfeed', { version: 'https://jsonfeed.org/version/1.1', title: 'A feed' }, /no "items" list/],
    ['jsonfeed', { version: 'https://example.com/feed/2', items: [] }, /unknown "version"/],
    [
      'schemaorg',
      { '@context': 'https://schema.org', '@type': 'Person', name: 'Jane' },
      /^This is not a schema\.org article: no "@type" Article/,
    ],
    ['schemaorg', { '@context': 'https://schema.org', '@type': 'NewsArticle' }, /no "headline" or "name"/],
    ['ghost', { posts: [] }, /^This is not a Ghost post: the post list is empty\.$/],
    ['ghost', { posts: [{ slug: 'x', html: '<p>x</p>' }] }, /no "title"/],
    ['ghost', { title: 'T' }, /no "posts" list/],
    ['activitystreams', { type: 'Person', name: 'Sally' }, /^This is not an ActivityStreams object: no "type" Article, Note or Page\.$/],
    ['activitystreams', { type: 'Note' }, /no "name" and no "content"/],
  ];
  for (const [format, doc, message] of WRONG_SHAPES) {
    it(`names the problem when ${JSON.stringify(doc)} is read as ${format}`, () => {
      const error = catchError(() => adaptArticle(doc, { format }));
      expect(error.kind).to.equal('format');
      expect(error.message).to.match(message);
      expect(error.issues.map((i) => i.path)).to.deep.equal([format]);
    });
  }

  it('lists every format tried, and why, when nothing matches', () => {
    const error = catchError(() => adaptArticle({ hello: 'world' }, { url: 'https://example.com/x.json' }));
    expectNoFormatMatched(error, 'https://example.com/x.json');
    expect(error.message).to.match(
      /^No known article format matched: native: id: required string; wordpress: no "content\.rendered"; jsonfeed: no "version"; /,
    );
  });

  it('reports the native problem first for an article of the wrong shape', async () => {
    const doc = await getJson('/test/fixtures/articles/wrong-shape.json');
    expect(catchError(() => adaptArticle(doc)).message).to.include('native: body[3].text: expected string, received number;');
  });

  it('rejects an item that is not in the feed rather than showing another one', async () => {
    const doc = await getJson(`${SAMPLES}jsonfeed-1.0-spec-announcing.json`);
    expect(catchError(() => adaptArticle(doc, { item: 'nope' })).message).to.include('jsonfeed: no item with id or url "nope"');
  });

  it('rejects an unknown forced format', () => {
    for (const format of ['rss', 'toString']) {
      expect(catchError(() => adaptArticle({}, { format: format as FormatName })).message).to.match(/^Unknown format/);
    }
  });
});

describe('parseDate', () => {
  const DATES: [string, string | undefined][] = [
    ['2017-05-17T08:02:12-07:00', '2017-05-17T15:02:12.000Z'],
    ['2012-11-27T15:30:00.000+00:00', '2012-11-27T15:30:00.000Z'],
    ['2024-01-05T08:00:00+08:00', '2024-01-05T00:00:00.000Z'],
    ['2019-03-05T19:30:15.123456Z', '2019-03-05T19:30:15.123Z'],
    ['2019-03-05t19:30:15z', '2019-03-05T19:30:15.000Z'],
    ['2019-03-05 19:30:15', '2019-03-05T19:30:15.000Z'],
    ['2017-02-14T00:00:00', '2017-02-14T00:00:00.000Z'],
    ['2018-01-06T08:00', '2018-01-06T08:00:00.000Z'],
    ['2020-01-01T10:00:00+0530', '2020-01-01T04:30:00.000Z'],
    ['2018-01-23', '2018-01-23'],
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Fri, 31 May 2019 12:17:58 -0700', '2019-05-31T19:17:58.000Z'],
    ['Tue, 06 Feb 2018 06:34:12 -0700', '2018-02-06T13:34:12.000Z'],
    ['6 Feb 2018 06:34 +0100', '2018-02-06T05:34:00.000Z'],
    ['Sat, 01 Jan 00 12:00:00 EST', '2000-01-01T17:00:00.000Z'],
    ['Wed, 02 Oct 2002 13:00:00', '2002-10-02T13:00:00.000Z'],
    ['2019-02-30', undefined],
    ['2019-13-01T00:00:00Z', undefined],
    ['2019-01-01T24:00:00Z', undefined],
    ['2019-01-01T10:00:00+25:00', undefined],
    ['0000-00-00T00:00:00', undefined],
    ['31 Foo 2019 10:00:00 GMT', undefined],
    ['Fri, 31 May 2019 12:17:58 XYZ', undefined],
    ['yesterday', undefined],
    ['', undefined],
    ['1700000000', undefined],
  ];
  for (const [input, expected] of DATES) {
    it(`reads ${JSON.stringify(input)} as ${expected ?? 'no date'}`, () => {
      expect(parseDate(input)).to.equal(expected);
    });
  }

  it('drops a date it cannot read instead of producing an invalid one', () => {
    const article = adaptArticle({
      version: 'https://jsonfeed.org/version/1',
      items: [{ id: '1', title: 'T', content_text: 'x', date_published: 'garbage' }],
    });
    expect(article).not.to.have.property('published');
  });
});

describe('adaptArticle details', () => {
  it('decodes entity-escaped and HTML titles into characters', () => {
    const wp = adaptArticle({
      id: 9,
      title: { rendered: 'Q&amp;A: It&#8217;s <em>here</em> &hellip; &eacute;t&eacute;' },
      content: { rendered: '' },
    });
    expect(wp.title).to.equal('Q&A: It’s here … été');
    const feed = adaptArticle({
      version: 'https://jsonfeed.org/version/1.1',
      items: [{ id: '1', title: 'AT&amp;T &#x2014; &quot;news&quot;', content_text: '' }],
    });
    expect(feed.title).to.equal('AT&T — "news"');
    const ld = adaptArticle({ '@type': 'BlogPosting', headline: 'Fish &amp; Chips &lt;3 &constructor; &#0;' });
    expect(ld.title).to.equal('Fish & Chips <3 &constructor; \ufffd');
    const inline = adaptArticle({ id: 9, title: { rendered: 'Hel<em>lo</em> <span title="a>b">world</span>' }, content: { rendered: '' } });
    expect(inline.title).to.equal('Hello world');
  });

  it('sets dir from the language: right to left for Arabic, Hebrew, Persian and Urdu', () => {
    const LANGS: [string, string | undefined, string | undefined][] = [
      ['ar', 'ar', 'rtl'],
      ['he-IL', 'he-IL', 'rtl'],
      ['fa_IR', 'fa-IR', 'rtl'],
      ['ur', 'ur', 'rtl'],
      ['az-Arab', 'az-Arab', 'rtl'],
      ['ar-Latn', 'ar-Latn', 'ltr'],
      ['en-US', 'en-US', 'ltr'],
      ['de', 'de', 'ltr'],
      ['not a language', undefined, undefined],
    ];
    for (const [language, lang, dir] of LANGS) {
      const article = adaptArticle({
        version: 'https://jsonfeed.org/version/1.1',
        language,
        items: [{ id: '1', title: 'T', content_text: 'x' }],
      });
      expect([article.lang, article.dir], language).to.deep.equal([lang, dir]);
    }
    const note = adaptArticle({ type: 'Note', id: 'https://social.example/notes/1', contentMap: { he: '<p>שלום עולם</p>' } });
    expect([note.lang, note.dir, note.title]).to.deep.equal(['he', 'rtl', 'שלום עולם']);
  });

  it('reads a WordPress post with Yoast breadcrumbs, locale, author and terms', () => {
    const article = adaptArticle({
      id: 12,
      slug: 'hello',
      link: 'https://blog.example/hello/',
      date: '2024-03-01T09:00:00',
      date_gmt: '2024-03-01T08:00:00',
      title: { rendered: 'Hello &#8211; World' },
      content: { rendered: '<p>Body</p>' },
      yoast_head_json: {
        og_locale: 'fa_IR',
        author: 'Yoast Author',
        schema: {
          '@graph': [
            { '@type': 'WebPage', '@id': 'https://blog.example/hello/', breadcrumb: { '@id': '#bc' } },
            {
              '@type': 'BreadcrumbList',
              '@id': '#bc',
              itemListElement: [
                { '@type': 'ListItem', position: 2, name: 'Hello – World' },
                { '@type': 'ListItem', position: 1, name: 'Home', item: 'https://blog.example/' },
              ],
            },
          ],
        },
      },
      _embedded: {
        'wp:term': [
          [{ taxonomy: 'category', name: 'News &amp; Views', link: 'https://blog.example/c/news/' }],
          [{ taxonomy: 'post_tag', name: 'tips', link: 'javascript:alert(1)' }],
          [{ taxonomy: 'post_format', name: 'Status' }],
        ],
      },
    });
    expect(article.id).to.equal('12');
    expect(article.published).to.equal('2024-03-01T08:00:00.000Z');
    expect(article.breadcrumbs).to.deep.equal([{ label: 'Home', url: 'https://blog.example/' }, { label: 'Hello – World' }]);
    expect(article.authors).to.deep.equal([{ name: 'Yoast Author' }]);
    expect([article.lang, article.dir]).to.deep.equal(['fa-IR', 'rtl']);
    expect(article.tags).to.deep.equal([{ name: 'News & Views', url: 'https://blog.example/c/news/' }, { name: 'tips' }]);
  });

  it('reads a schema.org @graph with references, breadcrumbs, language and keywords', () => {
    const article = adaptArticle([
      {
        '@context': 'https://schema.org',
        '@graph': [
          {
            '@type': ['OpinionNewsArticle'],
            '@id': 'https://news.example/a#article',
            headline: 'Opinion',
            author: [{ '@id': 'https://news.example/#jane' }, 'Plain Name'],
            mainEntityOfPage: { '@id': 'https://news.example/a' },
            inLanguage: { '@type': 'Language', name: 'Arabic', alternateName: 'ar' },
            keywords: 'one, two ,one',
            articleSection: 'Opinion',
            articleBody: 'First paragraph.\n\nSecond\nparagraph.',
            datePublished: '2020-01-01T00:00:00Z',
          },
          { '@type': 'Person', '@id': 'https://news.example/#jane', name: 'Jane Roe', url: 'https://news.example/jane' },
        ],
      },
      {
        '@context': 'https://schema.org',
        '@type': 'BreadcrumbList',
        itemListElement: [{ '@type': 'ListItem', position: 1, item: { '@id': 'https://news.example/', name: 'News' } }],
      },
    ]);
    expect(article.id).to.equal('https://news.example/a#article');
    expect(article.url).to.equal('https://news.example/a');
    expect(article.authors).to.deep.equal([{ name: 'Jane Roe', url: 'https://news.example/jane' }, { name: 'Plain Name' }]);
    expect([article.lang, article.dir]).to.deep.equal(['ar', 'rtl']);
    expect(article.tags?.map((t) => t.name)).to.deep.equal(['Opinion', 'one', 'two']);
    expect(article.body).to.deep.equal([
      { type: 'paragraph', text: 'First paragraph.' },
      { type: 'paragraph', text: 'Second\nparagraph.' },
    ]);
    expect(article.breadcrumbs).to.deep.equal([{ label: 'News', url: 'https://news.example/' }]);
  });

  it('reads an ActivityStreams Note wrapped in Create, with actors and hashtags', () => {
    const article = adaptArticle({
      '@context': ['https://www.w3.org/ns/activitystreams', { '@language': 'en' }],
      type: 'Create',
      object: {
        type: 'Note',
        id: 'https://social.example/users/sally/statuses/1',
        url: 'https://social.example/@sally/1',
        content: '<p>Hello <a href="https://social.example/tags/fediverse">#fediverse</a></p>',
        published: '2023-05-01T12:00:00Z',
        attributedTo: [
          { type: 'Person', id: 'https://social.example/users/sally', name: 'Sally', url: 'https://social.example/@sally' },
          'https://other.example/users/bob',
        ],
        tag: [
          { type: 'Hashtag', name: '#fediverse', href: 'https://social.example/tags/fediverse' },
          { type: 'Mention', name: '@bob@other.example', href: 'https://other.example/users/bob' },
        ],
      },
    });
    expect(article.title).to.equal('Hello #fediverse');
    expect(article.url).to.equal('https://social.example/@sally/1');
    expect(article.authors).to.deep.equal([
      { name: 'Sally', url: 'https://social.example/@sally' },
      { name: '@bob@other.example', url: 'https://other.example/users/bob' },
    ]);
    expect(article.tags).to.deep.equal([{ name: 'fediverse', url: 'https://social.example/tags/fediverse' }]);
    expect(article.lang).to.equal('en');
  });

  it('reads a single Ghost post, leaving out internal tags and using the primary author', () => {
    const article = adaptArticle({
      id: 'g1',
      slug: 'post',
      uuid: 'u',
      title: 'Ghost post',
      html: '<p>x</p>',
      url: 'https://ghost.example/post/',
      tags: [{ name: 'Public' }, { name: '#hidden', visibility: 'internal' }],
      primary_author: { name: 'Author', url: 'https://ghost.example/author/a/' },
    });
    expect(article.tags).to.deep.equal([{ name: 'Public' }]);
    expect(article.authors).to.deep.equal([{ name: 'Author', url: 'https://ghost.example/author/a/' }]);
  });

  it('reads a single JSON Feed item, drops unsafe links and resolves relative ones against the document URL', () => {
    const article = adaptArticle(
      {
        id: 'i1',
        url: '/posts/1',
        title: 'T',
        content_text: 'One.\n\nTwo.',
        authors: [{ name: 'A', url: 'java\tscript:alert(1)' }],
        tags: ['x', 'X', ''],
      },
      { url: 'https://feeds.example/feed.json' },
    );
    expect(article.url).to.equal('https://feeds.example/posts/1');
    expect(article.authors).to.deep.equal([{ name: 'A' }]);
    expect(article.tags).to.deep.equal([{ name: 'x' }]);
    expect(article.body).to.deep.equal([
      { type: 'paragraph', text: 'One.' },
      { type: 'paragraph', text: 'Two.' },
    ]);
  });
});
