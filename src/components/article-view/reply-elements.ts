// The reply elements <article-view> loads on demand, in one request: one module, so what they share
// with <article-view> stays in one chunk.
import '../reply-list/define.js';
import '../reply-form/define.js';
