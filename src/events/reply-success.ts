import type { Reply, ReplyStatus } from '../data/reply.js';

export interface ReplySuccessDetail {
  /** The reply as the server stored it (public fields only). */
  reply: Reply;
  /** `published`: show it now (e.g. `replyList.addReply(reply)`); `pending`: it awaits moderation. */
  status: ReplyStatus;
}

/** Fired by `<reply-form>` when the server confirmed a reply. Bubbles and crosses shadow roots. */
export class ReplySuccessEvent extends CustomEvent<ReplySuccessDetail> {
  static readonly type = 'reply-success';
  constructor(detail: ReplySuccessDetail) {
    super(ReplySuccessEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'reply-success': ReplySuccessEvent;
  }
}
