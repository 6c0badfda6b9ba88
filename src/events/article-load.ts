import type { Article } from '../data/article.js';

export interface ArticleLoadDetail {
  /** The validated article now shown. */
  article: Article;
  /** The URL it was loaded from, or `null` when it was set as a property. */
  src: string | null;
}

/** Fired by `<article-view>` when an article has loaded and rendered. Bubbles and crosses shadow roots. */
export class ArticleLoadEvent extends CustomEvent<ArticleLoadDetail> {
  static readonly type = 'article-load';
  constructor(detail: ArticleLoadDetail) {
    super(ArticleLoadEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'article-load': ArticleLoadEvent;
  }
}
