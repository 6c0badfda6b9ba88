import type { Article } from './article.js';
import { fetchJson, type FetchJsonOptions } from './fetch-json.js';
import type { FormatName } from './formats/index.js';

// Validation (zod), and the format adapters after it, load on demand, validation in parallel with
// the request, so they stay off the critical path of the first paint and out of the elements' own weight.
const parser = () => import('./parse-article.js');

export interface LoadArticleOptions extends FetchJsonOptions {
  /** Read the document as this format only (default: detect by shape). */
  format?: FormatName;
  /** For a feed or collection: which item, by id or URL (default: the first). */
  item?: string;
}

/**
 * Turns a parsed document into an article: the native model as it is; any other published format
 * (WordPress, JSON Feed, schema.org, Ghost, ActivityStreams) through its adapter.
 */
export async function toArticle(data: unknown, options: { url?: string; format?: FormatName; item?: string } = {}): Promise<Article> {
  return (await parser()).readArticle(data, options);
}

/** Fetches and reads an article in any known format. A relative `comments.endpoint` is resolved against `url`. */
export async function loadArticle(url: string, options: LoadArticleOptions = {}): Promise<Article> {
  const { format, item, ...fetchOptions } = options;
  const [data, { readArticle, withEndpoint }] = await Promise.all([fetchJson(url, fetchOptions), parser()]);
  return withEndpoint(await readArticle(data, { url, format, item }), url);
}
