import { TagList } from './tag-list.js';
import { define } from '../../define-element.js';

define('tag-list', TagList);

export { TagList };
