// Registers every element. The script-tag bundle (dist/article-widgets.js) is built from this file.
import './components/tag-list/define.js';
import './components/reply-list/define.js';
import './components/reply-form/define.js';
import './components/article-view/define.js';

export * from './index.js';
