import type { PostReplyError } from '../data/replies.js';
import type { ReplyInput } from '../data/reply.js';

export interface ReplyFailureDetail {
  /** Why: `error.kind` (`network`, `timeout`, `http`, …), `error.status`, `error.code`, `error.fields`. */
  error: PostReplyError;
  /** What was being posted; the draft is still saved. */
  input: ReplyInput;
}

/** Fired by `<reply-form>` when posting failed; the reader's draft is kept. Bubbles and crosses shadow roots. */
export class ReplyFailureEvent extends CustomEvent<ReplyFailureDetail> {
  static readonly type = 'reply-failure';
  constructor(detail: ReplyFailureDetail) {
    super(ReplyFailureEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'reply-failure': ReplyFailureEvent;
  }
}
