import type { LoadError } from '../data/errors.js';

export interface ReplyListErrorDetail {
  /** What went wrong: `error.kind` (`network`, `timeout`, `http`, `schema`, …), `error.message` for a reader. */
  error: LoadError;
  /** The endpoint that failed. */
  endpoint: string;
}

/** Fired by `<reply-list>` when loading replies failed. Bubbles and crosses shadow roots. */
export class ReplyListErrorEvent extends CustomEvent<ReplyListErrorDetail> {
  static readonly type = 'reply-list-error';
  constructor(detail: ReplyListErrorDetail) {
    super(ReplyListErrorEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'reply-list-error': ReplyListErrorEvent;
  }
}
