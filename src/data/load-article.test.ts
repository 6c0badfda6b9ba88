import { expect } from '@open-wc/testing';
import { ArticleSchema } from './article.js';
import { LoadError } from './errors.js';
import { adaptArticle } from './formats/index.js';
import { toArticle } from './load-article.js';

const getJson = async (url: string): Promise<unknown> => (await fetch(url)).json();

/** What `promise` was rejected with; a fulfilment fails the test. */
const rejection = (promise: Promise<unknown>): Promise<LoadError> =>
  promise.then(
    () => Promise.reject(new Error('expected a rejection')),
    (error: unknown) => error as LoadError,
  );

/** How often `run` validates something against the article model. */
async function validations(run: () => Promise<unknown>): Promise<number> {
  const schema = ArticleSchema as unknown as { safeParse: (...args: unknown[]) => unknown };
  const original = schema.safeParse;
  let count = 0;
  schema.safeParse = (...args) => {
    count++;
    return original.apply(ArticleSchema, args);
  };
  try {
    await run().catch(() => undefined);
  } finally {
    schema.safeParse = original;
  }
  return count;
}

describe('toArticle', () => {
  it('reads a published format as adaptArticle does, validating the document once and the converted article once', async () => {
    const doc = await getJson('/shared/samples/wp-v2-post-model.json');
    expect(await toArticle(doc)).to.deep.equal(adaptArticle(doc));
    expect(await validations(() => toArticle(doc))).to.equal(2);
  });

  it('validates a native article once', async () => {
    const doc = await getJson('/test/fixtures/articles/short.json');
    expect(await validations(() => toArticle(doc))).to.equal(1);
  });

  it('says why nothing matched exactly as adaptArticle does, with the native problem first', async () => {
    const doc = { hello: 'world' };
    const error = await rejection(toArticle(doc, { url: 'https://example.com/x.json' }));
    let expected: LoadError | undefined;
    try {
      adaptArticle(doc, { url: 'https://example.com/x.json' });
    } catch (caught) {
      expected = caught as LoadError;
    }
    expect(error).to.be.instanceOf(LoadError);
    expect(error.kind).to.equal('format');
    expect(error.message).to.equal(expected!.message);
    expect(error.issues).to.deep.equal(expected!.issues);
    expect(error.url).to.equal('https://example.com/x.json');
    expect(await validations(() => toArticle(doc))).to.equal(1);
  });

  it('reports a document that looks native as a schema error', async () => {
    const doc = await getJson('/test/fixtures/articles/wrong-shape.json');
    const error = await rejection(toArticle(doc, { url: '/x.json' }));
    expect(error.kind).to.equal('schema');
    expect(error.message).to.match(/^This is not an article: body\[3\]\.text: expected string, received number/);
    expect(error.url).to.equal('/x.json');
    const forced = await rejection(toArticle({ hello: 'world' }, { format: 'native' }));
    expect(forced.kind).to.equal('schema');
  });
});
