import { ArticleSchema, type Article } from './article.js';
import { LoadError } from './errors.js';
import { toIssues } from './validate.js';

/**
 * Validates a parsed document against the article model.
 * Throws a `schema` LoadError whose message names the first failing path (`body[3].text: expected string`).
 */
export function parseArticle(data: unknown, url?: string): Article {
  const result = ArticleSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = toIssues(result.error.issues, data);
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new LoadError('schema', `This is not an article: ${first.path}: ${first.message}${more}.`, { url, issues });
}
