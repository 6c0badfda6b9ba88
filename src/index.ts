// Class modules only: importing this registers nothing. Import `article-widgets/define`
// (or an element's `/define`) to register the tags.
export {
  ArticleView,
  defaultMessages,
  formatDate,
  type ArticleViewMessages,
  type ArticleViewState,
} from './components/article-view/article-view.js';
export { TagList, parseTagsAttribute } from './components/tag-list/tag-list.js';
export {
  ReplyForm,
  defaultReplyFormMessages,
  type ReplyFormMessages,
  type ReplyFormState,
  type ReplyTarget,
} from './components/reply-form/reply-form.js';
export {
  ReplyList,
  defaultReplyListMessages,
  threadReplies,
  type ReplyListMessages,
  type ReplyListState,
} from './components/reply-list/reply-list.js';
export { ArticleLoadEvent, type ArticleLoadDetail } from './events/article-load.js';
export { ArticleErrorEvent, type ArticleErrorDetail } from './events/article-error.js';
export { ReplySubmitEvent, type ReplySubmitDetail } from './events/reply-submit.js';
export { ReplySuccessEvent, type ReplySuccessDetail } from './events/reply-success.js';
export { ReplyFailureEvent, type ReplyFailureDetail } from './events/reply-failure.js';
export { ReplySelectEvent, type ReplySelectDetail } from './events/reply-select.js';
export { ReplyListErrorEvent, type ReplyListErrorDetail } from './events/reply-list-error.js';
export * from './data/index.js';
