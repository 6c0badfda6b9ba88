/** WordPress REST API v2 comments (`/wp-json/wp/v2/comments?post=ID`) as plain-text replies. */
import { LoadError } from '../errors.js';
import type { Reply } from '../reply.js';
import { parseDate } from './dates.js';
import { isRecord, plain, safeUrl, str } from './common.js';
import { isHttpUrl } from '../url.js';
import { htmlToText } from './text.js';

/**
 * Reads a comments collection (or one comment) as replies: `comment` is plain text with paragraphs
 * separated by blank lines, `parent` is null at the top level (WordPress sends 0), `published` is UTC.
 * Comments without an id, a date or any text are left out rather than shown half-made;
 * anything but a comment object or list is a `format` error.
 */
export function adaptWordPressComments(doc: unknown): Reply[] {
  const entries = Array.isArray(doc) ? doc : isRecord(doc) && 'content' in doc ? [doc] : undefined;
  if (!entries) throw new LoadError('format', 'This is not a WordPress comment list: expected an array of comments.');
  const comments: Reply[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const id = str(entry.id);
    // `date_gmt` is UTC; `date` is site-local time without an offset, the better of nothing.
    const published = parseDate(entry.date_gmt) ?? parseDate(entry.date);
    const html = isRecord(entry.content) && typeof entry.content.rendered === 'string' ? entry.content.rendered : '';
    const comment = htmlToText(html, { paragraphs: true });
    if (!id || !published || !comment) continue;
    const parent = str(entry.parent);
    const website = safeUrl(entry.author_url);
    comments.push({
      id,
      parent: parent && parent !== '0' ? parent : null,
      name: plain(entry.author_name) ?? 'Anonymous',
      website: isHttpUrl(website) ? website : null,
      comment,
      published,
    });
  }
  return comments;
}
