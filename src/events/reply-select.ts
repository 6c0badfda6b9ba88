export interface ReplySelectDetail {
  /** Id of the reply to answer: becomes the new reply's `parent`. */
  id: string;
  /** Its author, for "Leave a Reply to NAME". */
  name: string;
}

/**
 * Fired by `<reply-list>` when the reader chooses "Reply" on a reply. The page (or `<article-view>`)
 * answers with `replyForm.replyTo = event.detail`. Bubbles and crosses shadow roots.
 */
export class ReplySelectEvent extends CustomEvent<ReplySelectDetail> {
  static readonly type = 'reply-select';
  constructor(detail: ReplySelectDetail) {
    super(ReplySelectEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'reply-select': ReplySelectEvent;
  }
}
