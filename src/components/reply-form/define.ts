import { ReplyForm } from './reply-form.js';
import { define } from '../../define-element.js';

define('reply-form', ReplyForm);

export { ReplyForm };
