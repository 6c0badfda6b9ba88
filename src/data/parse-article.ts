import { ArticleSchema, type Article } from './article.js';
import { LoadError } from './errors.js';
import { toIssues, type ValidationIssue } from './validate.js';

export type ArticleCheck = { ok: true; article: Article } | { ok: false; issues: ValidationIssue[] };

/** Validates a parsed document against the article model once: the article, or every issue found. */
export function checkArticle(data: unknown): ArticleCheck {
  const result = ArticleSchema.safeParse(data);
  return result.success ? { ok: true, article: result.data } : { ok: false, issues: toIssues(result.error.issues, data) };
}

/** The `schema` LoadError for those issues; its message names the first failing path (`body[3].text: expected string`). */
export function schemaError(issues: ValidationIssue[], url?: string): LoadError {
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
