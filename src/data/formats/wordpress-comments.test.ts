import { expect } from '@open-wc/testing';
import { LoadError } from '../errors.js';
import { ReplySchema } from '../reply.js';
import { adaptWordPressComments } from './wordpress-comments.js';

const EXPECTED = {
  id: '2',
  parent: null,
  name: 'Internet of something or other',
  website: 'http://lights.example.org/',
  comment: 'This is a comment',
  published: '2017-02-14T00:00:00.000Z',
};

describe('adaptWordPressComments', () => {
  it('reads a comments collection and a single comment', async () => {
    for (const file of ['wp-v2-comments-collection.json', 'wp-v2-comment-model.json']) {
      const doc = (await (await fetch(`/shared/samples/${file}`)).json()) as unknown;
      const replies = adaptWordPressComments(doc);
      expect(replies, file).to.deep.equal([EXPECTED]);
      expect(ReplySchema.safeParse(replies[0]).success).to.equal(true);
    }
  });

  it('keeps paragraphs, decodes entities, links replies and drops unsafe websites', () => {
    const [reply] = adaptWordPressComments([
      {
        id: 7,
        parent: 2,
        author_name: 'Zoë &amp; Co',
        author_url: 'javascript:alert(1)',
        date_gmt: 'not a date',
        date: '2020-01-02T03:04:05',
        content: {
          rendered:
            '<p>First &lt;b&gt; line<br />\nsecond line</p>\n<p>Next <a href="https://x.example">paragraph</a>.</p>\n<script>bad()</script>',
        },
      },
    ]);
    expect(reply).to.deep.equal({
      id: '7',
      parent: '2',
      name: 'Zoë & Co',
      website: null,
      comment: 'First <b> line\nsecond line\n\nNext paragraph.',
      published: '2020-01-02T03:04:05.000Z',
    });
  });

  it('leaves out comments without an id, a date or text', () => {
    expect(
      adaptWordPressComments([
        { id: 1, content: { rendered: '<p>x</p>' } },
        { id: 2, date_gmt: '2020-01-01T00:00:00', content: { rendered: '<p> </p>' } },
      ]),
    ).to.deep.equal([]);
  });

  it('reads hostile markup in linear time', () => {
    const start = performance.now();
    const html = `<p>ok</p>${'<a "<script<!--<style'.repeat(20000)}`;
    adaptWordPressComments([{ id: 1, date_gmt: '2020-01-01T00:00:00', content: { rendered: html } }]);
    expect(performance.now() - start).to.be.below(500);
  });

  it('throws a format error for anything that is not comments', () => {
    expect(() => adaptWordPressComments({ posts: [] })).to.throw(LoadError, /not a WordPress comment list/);
  });
});
