import type { Article } from './article.js';
import { fetchJson, type FetchJsonOptions } from './fetch-json.js';
import type { FormatName } from './formats/index.js';
import { resolveEndpoint } from './url.js';
import type { ValidationIssue } from './validate.js';

// Validation (zod) and the format adapters load on demand, in parallel with the request, so they
// stay off the critical path of the first paint and out of the elements' own weight.
const parser = () => import('./parse-article.js');
const formats = () => import('./formats/index.js');

export interface LoadArticleOptions extends FetchJsonOptions {
  /** Read the document as this format only (default: detect by shape). */
  format?: FormatName;
  /** For a feed or collection: which item, by id or URL (default: the first). */
  item?: string;
}

/** Looks like it was written in the native model: its schema error is the useful one. */
const nativeIntent = (data: unknown) =>
  !!data && typeof data === 'object' && Array.isArray((data as { body?: unknown }).body) && 'title' in data;

/**
 * Turns a parsed document into an article: the native model as it is; any other published format
 * (WordPress, JSON Feed, schema.org, Ghost, ActivityStreams) through its adapter.
 */
export async function toArticle(data: unknown, options: { url?: string; format?: FormatName; item?: string } = {}): Promise<Article> {
  const { checkArticle, schemaError } = await parser();
  let nativeIssues: ValidationIssue[] | undefined;
  // Validated once here; the adapters (another chunk, loaded only now) are told why it is not an article.
  if (!options.format || options.format === 'native') {
    const result = checkArticle(data);
    if (result.ok) return result.article;
    if (options.format === 'native' || nativeIntent(data)) throw schemaError(result.issues, options.url);
    nativeIssues = result.issues;
  }
  return (await formats()).adapt(data, options, nativeIssues);
}

/** Fetches and reads an article in any known format. A relative `comments.endpoint` is resolved against `url`. */
export async function loadArticle(url: string, options: LoadArticleOptions = {}): Promise<Article> {
  const { format, item, ...fetchOptions } = options;
  const [data] = await Promise.all([fetchJson(url, fetchOptions), parser()]);
  const article = await toArticle(data, { url, format, item });
  const endpoint = article.comments?.endpoint;
  // Outside a browser there is no page to resolve against: the endpoint stays as the document wrote it.
  if (!endpoint || typeof document === 'undefined') return article;
  // `new URL` throws for an endpoint that is no URL at all, which fails the load.
  return { ...article, comments: { ...article.comments!, endpoint: new URL(resolveEndpoint(endpoint, url)).href } };
}
