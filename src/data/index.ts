export * from './article.js';
export { LoadError, type LoadErrorKind } from './errors.js';
export { fetchJson, type FetchJsonOptions, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT } from './fetch-json.js';
export { loadArticle, toArticle, type LoadArticleOptions } from './load-article.js';
export { adaptArticle, adaptWordPressComments, FORMATS, type FormatName, type AdaptOptions } from './formats/index.js';
export { parseArticle } from './parse-article.js';
export { absoluteUrl, cleanUrl, isHttpUrl, isSafeHref, isSafeUrl, resolveEndpoint, resolveUrl } from './url.js';
export { formatPath, type ValidationIssue } from './validate.js';
export { REPLIES_PAGE_SIZE } from './page-size.js';
export { API_ERRORS, invalidQuery, type ApiErrorCode } from './api-errors.js';
export {
  loadReplies,
  postReply,
  validateReply,
  PostReplyError,
  type PostReplyErrorKind,
  type PostReplyInput,
  type PostReplyOptions,
  type LoadRepliesOptions,
  type ReplyOrder,
} from './replies.js';
export {
  loadDraft,
  saveDraft,
  clearDraft,
  loadIdentity,
  saveIdentity,
  newIdempotencyKey,
  type ReplyDraft,
  type ReplyIdentity,
} from './drafts.js';
// Types only: a value export from reply.ts would pull zod into every bundle.
export type { Reply, ReplyInput, ReplyPage, PostReplyResult, ReplyStatus, ApiError, ReplyValidation } from './reply.js';
