import { ReplyList } from './reply-list.js';
import { define } from '../../define-element.js';

define('reply-list', ReplyList);

export { ReplyList };
