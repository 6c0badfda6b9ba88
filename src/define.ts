// Registers every element. The script-tag bundle (dist/article-widgets.js) is built from this file.
// It exports the element classes only: re-exporting the data layer would pull the validator (zod)
// into every page's first load; import `article-widgets` for that.
// Hydration support for server-rendered pages (declarative shadow DOM) must run before lit loads,
// so it is the first import.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { ArticleView } from './components/article-view/article-view.js';
import { define } from './define-element.js';
import './components/tag-list/define.js';
import './components/reply-list/define.js';
import './components/reply-form/define.js';

define('article-view', ArticleView);

export { ArticleView };
export { TagList } from './components/tag-list/tag-list.js';
export { ReplyForm } from './components/reply-form/reply-form.js';
export { ReplyList } from './components/reply-list/reply-list.js';
