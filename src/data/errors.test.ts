import { expect } from '@open-wc/testing';
import { deadline, requestFailure } from './deadline.js';
import { LoadError } from './errors.js';
import { PostReplyError } from './replies.js';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('requestFailure', () => {
  it('tells a timeout from a cancel from a network failure', async () => {
    const timed = deadline(20);
    await settle(60);
    expect(requestFailure(timed)[0]).to.equal('timeout');
    timed.dispose();

    const slow = deadline(1500);
    expect(requestFailure(slow)).to.deep.equal(['network', 'The server could not be reached.']);
    expect(requestFailure(slow, undefined, 'The connection broke.')[1]).to.equal('The connection broke.');
    slow.dispose();

    const caller = new AbortController();
    const cancelled = deadline(1500, caller.signal);
    caller.abort();
    expect(requestFailure(cancelled)).to.deep.equal(['aborted', 'The request was cancelled.']);
    expect(requestFailure(cancelled, 'Posting was cancelled.')[1]).to.equal('Posting was cancelled.');
    cancelled.dispose();
  });

  it('writes the timeout in seconds', () => {
    const timedOut = { signal: AbortSignal.abort(), timeout: 1500, timedOut: true, dispose() {} };
    expect(requestFailure(timedOut)[1]).to.equal('The server did not answer within 1.5 s.');
  });
});

describe('PostReplyError', () => {
  it('is a LoadError with its own name, and the server code, fields and Retry-After when given', () => {
    const error = new PostReplyError('http', 'Slow down.', { status: 429, code: 'too_many_requests', retryAfter: 12 });
    expect(error).to.be.instanceOf(PostReplyError);
    expect(error).to.be.instanceOf(LoadError);
    expect(error.name).to.equal('PostReplyError');
    expect([error.kind, error.status, error.code, error.retryAfter]).to.deep.equal(['http', 429, 'too_many_requests', 12]);
    expect(error.fields).to.deep.equal({});
    const plain = new PostReplyError('timeout', 'Too slow.', { cause: 'x' });
    expect([plain.code, plain.status, plain.retryAfter, plain.cause]).to.deep.equal(['timeout', undefined, undefined, 'x']);
    expect(new LoadError('schema', 'No.').name).to.equal('LoadError');
    expect(new LoadError('schema', 'No.')).not.to.be.instanceOf(PostReplyError);
  });
});
