/**
 * Published article formats → the article model. Loaded lazily (dynamic import) only for
 * documents that are not already articles, so plain articles do not pay for the adapters.
 * Runs in Node too (server rendering): nothing here needs `document`.
 */
import type { Article } from '../article.js';
import { LoadError } from '../errors.js';
import { checkArticle } from '../parse-article.js';
import type { ValidationIssue } from '../validate.js';
import { adaptActivityStreams } from './activitystreams.js';
import { FormatMismatch, type AdapterOptions } from './common.js';
import { adaptGhost } from './ghost.js';
import { adaptJsonFeed } from './jsonfeed.js';
import { adaptSchemaOrg } from './schemaorg.js';
import { adaptWordPress } from './wordpress.js';

/** Format names, in the order detection tries them. */
export const FORMATS = ['native', 'wordpress', 'jsonfeed', 'schemaorg', 'ghost', 'activitystreams'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface AdaptOptions extends AdapterOptions {
  /** Read the document as this format only, without detection. */
  format?: FormatName;
}

const LABELS: Record<FormatName, string> = {
  native: 'an article',
  wordpress: 'a WordPress post',
  jsonfeed: 'a JSON Feed',
  schemaorg: 'a schema.org article',
  ghost: 'a Ghost post',
  activitystreams: 'an ActivityStreams object',
};

/** `body[3].text: expected string` */
const said = (issue: ValidationIssue) => `${issue.path}: ${issue.message}`;

/** `doc` if it is a valid article, else a mismatch whose message starts with `prefix` and names the first issue. */
function valid(doc: unknown, prefix = ''): Article {
  const result = checkArticle(doc);
  if (result.ok) return result.article;
  throw new FormatMismatch(prefix + said(result.issues[0]));
}

const ADAPTERS: Record<FormatName, (doc: unknown, options: AdapterOptions) => Article> = {
  native: (doc) => valid(doc),
  wordpress: adaptWordPress,
  jsonfeed: adaptJsonFeed,
  schemaorg: adaptSchemaOrg,
  ghost: adaptGhost,
  activitystreams: adaptActivityStreams,
};

/** Runs one adapter and checks its result against the schema, so no adapter can hand on an invalid article. */
function run(format: FormatName, doc: unknown, options: AdapterOptions): Article {
  const adapted = ADAPTERS[format](doc, options);
  return format === 'native' ? adapted : valid(adapted, 'converted, but ');
}

/**
 * Turns a published document into an article: the native model as it is, else the first format
 * whose shape matches (or only `options.format`). Throws a `format` LoadError naming every format
 * tried and why it was rejected; each `issues` entry has the format's name as its `path`.
 */
export function adaptArticle(doc: unknown, options: AdaptOptions = {}): Article {
  return adapt(doc, options);
}

/**
 * `adaptArticle` for `toArticle`, which has validated `doc` as an article already: `nativeIssues`
 * (when given) say why it is not one, and detection goes on with the next format without validating it again.
 */
export function adapt(doc: unknown, options: AdaptOptions, nativeIssues?: readonly ValidationIssue[]): Article {
  const { format, ...rest } = options;
  const tried = format ? [format] : FORMATS;
  const issues: ValidationIssue[] = [];
  for (const name of tried) {
    if (!FORMATS.includes(name))
      throw new LoadError('format', `Unknown format "${name}"; known formats: ${FORMATS.join(', ')}.`, { url: options.url });
    if (name === 'native' && nativeIssues) {
      issues.push({ path: name, message: said(nativeIssues[0]) });
      continue;
    }
    try {
      return run(name, doc, rest);
    } catch (error) {
      if (!(error instanceof FormatMismatch)) throw error;
      issues.push({ path: name, message: error.message });
    }
  }
  const message = format
    ? `This is not ${LABELS[format]}: ${issues[0].message}.`
    : `No known article format matched: ${issues.map(said).join('; ')}.`;
  throw new LoadError('format', message, { url: options.url, issues });
}

export { adaptWordPressComments } from './wordpress-comments.js';
