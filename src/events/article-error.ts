import type { LoadError } from '../data/errors.js';

export interface ArticleErrorDetail {
  /** What went wrong: `error.kind` (`http`, `timeout`, `schema`, …), `error.message` for a reader. */
  error: LoadError;
  /** The URL that failed. */
  src: string | null;
}

/** Fired by `<article-view>` when loading an article failed. Bubbles and crosses shadow roots. */
export class ArticleErrorEvent extends CustomEvent<ArticleErrorDetail> {
  static readonly type = 'article-error';
  constructor(detail: ArticleErrorDetail) {
    super(ArticleErrorEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'article-error': ArticleErrorEvent;
  }
}
