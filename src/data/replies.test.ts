import { expect } from '@open-wc/testing';
import { API_ERRORS } from './api-errors.js';
import { LoadError } from './errors.js';
import { postReply, PostReplyError } from './replies.js';

const input = { comment: 'Hello', name: 'Ann', email: 'ann@example.com' };

/** The error a post to `endpoint` fails with (a PostReplyError, checked by the tests). */
const postFailure = (endpoint: string): Promise<PostReplyError> =>
  postReply(endpoint, input, { idempotencyKey: 'k' }).then(
    () => Promise.reject(new Error('expected a failure')),
    (error: unknown) => error as PostReplyError,
  );

describe('postReply failures', () => {
  const BARE: [number, keyof typeof API_ERRORS][] = [
    [403, 'comments_closed'],
    [413, 'payload_too_large'],
    [429, 'too_many_requests'],
  ];
  for (const [status, code] of BARE) {
    it(`shows the server's own ${code} message for a ${status} without an error body`, async () => {
      const error = await postFailure(`/fixture/none?status=${status}&type=text/html&body=${encodeURIComponent('<h1>Proxy</h1>')}`);
      expect(error).to.be.instanceOf(PostReplyError);
      expect(error).to.be.instanceOf(LoadError);
      expect([error.kind, error.status, error.code]).to.deep.equal(['http', status, `http_${status}`]);
      expect(error.message).to.equal(API_ERRORS[code].message);
    });
  }

  it("passes the server's code, message and fields on", async () => {
    const body = JSON.stringify({ error: { code: 'invalid_reply', message: API_ERRORS.invalid_reply.message, fields: { name: 'No.' } } });
    const error = await postFailure(`/fixture/none?status=400&body=${encodeURIComponent(body)}`);
    expect([error.kind, error.status, error.code, error.message]).to.deep.equal([
      'http',
      400,
      'invalid_reply',
      'Please correct the marked fields.',
    ]);
    expect(error.fields).to.deep.equal({ name: 'No.' });
  });
});
