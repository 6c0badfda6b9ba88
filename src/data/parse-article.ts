/**
 * Reading unknown data as an article: validated against the model once, and only when that fails
 * (and the document does not look like an article) handed to the format adapters, which load now.
 * Part of the on-demand validation chunk, with zod: none of this weighs on the first paint.
 */
import { ArticleSchema, type Article } from './article.js';
import { LoadError } from './errors.js';
import type { AdaptOptions } from './formats/index.js';
import { absoluteUrl } from './url.js';
import { toIssues, type ValidationIssue } from './validate.js';

export type ArticleCheck = { ok: true; article: Article } | { ok: false; issues: ValidationIssue[] };

/** Validates a parsed document against the article model once: the article, or every issue found. */
export function checkArticle(data: unknown): ArticleCheck {
  const result = ArticleSchema.safeParse(data);
  return result.success ? { ok: true, article: result.data } : { ok: false, issues: toIssues(result.error.issues, data) };
}

/** The `schema` LoadError for those issues; its message names the first failing path (`body[3].text: expected string`). */
function schemaError(issues: ValidationIssue[], url?: string): LoadError {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new LoadError('schema', `This is not an article: ${first.path}: ${first.message}${more}.`, { url, issues });
}

/**
 * Validates a parsed document against the article model.
 * Throws a `schema` LoadError whose message names the first failing path (`body[3].text: expected string`).
 */
export function parseArticle(data: unknown, url?: string): Article {
  const result = checkArticle(data);
  if (result.ok) return result.article;
  throw schemaError(result.issues, url);
}

/** Looks like it was written in the native model: its schema error is the useful one. */
const nativeIntent = (data: unknown) =>
  !!data && typeof data === 'object' && Array.isArray((data as { body?: unknown }).body) && 'title' in data;

/**
 * `toArticle` (load-article.ts): the native model as it is; any other published format (WordPress,
 * JSON Feed, schema.org, Ghost, ActivityStreams) through its adapter, which is told why the document
 * is not native rather than validating it again.
 */
export async function readArticle(data: unknown, options: AdaptOptions = {}): Promise<Article> {
  let nativeIssues: ValidationIssue[] | undefined;
  if (!options.format || options.format === 'native') {
    const result = checkArticle(data);
    if (result.ok) return result.article;
    if (options.format === 'native' || nativeIntent(data)) throw schemaError(result.issues, options.url);
    nativeIssues = result.issues;
  }
  return (await import('./formats/index.js')).adapt(data, options, nativeIssues);
}

/**
 * `loadArticle`'s last step: a relative `comments.endpoint` resolved against `src`, the URL the
 * article was fetched from, and the page. Outside a browser it stays as written; an endpoint that
 * is no URL at all throws (`new URL`), which fails the load.
 */
export function withEndpoint(article: Article, src: string): Article {
  const endpoint = article.comments?.endpoint;
  if (!endpoint || typeof document === 'undefined') return article;
  return { ...article, comments: { ...article.comments!, endpoint: new URL(absoluteUrl(endpoint, src)).href } };
}
