export * from './article.js';
export { LoadError, type LoadErrorKind } from './errors.js';
export { fetchJson, type FetchJsonOptions, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT } from './fetch-json.js';
export { loadArticle, validateArticle, toArticle, type LoadArticleOptions } from './load-article.js';
export { adaptArticle, adaptWordPressComments, FORMATS, type FormatName, type AdaptOptions } from './formats/index.js';
export { parseArticle } from './parse-article.js';
export { isSafeHref } from './url.js';
export { formatPath, type ValidationIssue } from './validate.js';
