import type { ReplyInput } from '../data/reply.js';

export interface ReplySubmitDetail {
  /** The validated reply about to be posted (`parent` set when answering a reply). */
  input: ReplyInput;
  /** Where it will be posted. */
  endpoint: string;
}

/**
 * Fired by `<reply-form>` just before it posts a valid reply. Cancelable: `preventDefault()` stops
 * the post (the draft stays), e.g. for a page that posts through its own channel.
 */
export class ReplySubmitEvent extends CustomEvent<ReplySubmitDetail> {
  static readonly type = 'reply-submit';
  constructor(detail: ReplySubmitDetail) {
    super(ReplySubmitEvent.type, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'reply-submit': ReplySubmitEvent;
  }
}
