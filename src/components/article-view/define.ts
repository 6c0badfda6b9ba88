// Hydrating a server-rendered page needs `@lit-labs/ssr-client/lit-element-hydrate-support.js`
// imported before lit: the script-tag bundle (article-widgets/define) does that. It is not imported
// here, to keep this element's own weight within its budget; server-rendered pages that use this
// module import it first themselves.
import { ArticleView } from './article-view.js';
import { define } from '../../define-element.js';
import '../tag-list/define.js';

// Used on its own, <article-view> fetches the reply elements (in one request) only for an article that takes replies.
ArticleView.loadReplyElements ??= () => import('./reply-elements.js');
define('article-view', ArticleView);

export { ArticleView };
