import { ArticleView } from './article-view.js';
import { define } from '../../define-element.js';
import '../tag-list/define.js';

define('article-view', ArticleView);

export { ArticleView };
