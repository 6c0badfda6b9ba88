// Class modules only: importing this registers nothing. Import `article-widgets/define`
// (or an element's `/define`) to register the tags.
export { ArticleView, defaultMessages, formatDate, type ArticleViewMessages, type ArticleViewState } from './components/article-view/article-view.js';
export { TagList, parseTagsAttribute } from './components/tag-list/tag-list.js';
export { ArticleLoadEvent, type ArticleLoadDetail } from './events/article-load.js';
export { ArticleErrorEvent, type ArticleErrorDetail } from './events/article-error.js';
export * from './data/index.js';
