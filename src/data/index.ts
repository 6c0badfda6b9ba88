export * from './article.js';
export { LoadError, type LoadErrorKind } from './errors.js';
export { fetchJson, type FetchJsonOptions, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT } from './fetch-json.js';
export { loadArticle, parseArticle } from './load-article.js';
export { formatPath, type ValidationIssue } from './validate.js';
