/** The articles the reference server publishes: `<id>.json` files in one folder, parsed once per change. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArticleSchema, type Article } from '../data/article.js';
import { toIssues } from '../data/validate.js';

const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

export interface ArticleRepository {
  /**
   * The article `id`, or undefined when the id is malformed or no such file exists. Throws
   * `ArticleUnavailableError` when the file exists but is not a valid article.
   */
  load(id: string): Promise<Article | undefined>;
}

/** The article's file exists but cannot be read as one: the server answers 500 `article_unavailable`. */
export class ArticleUnavailableError extends Error {
  override readonly name = 'ArticleUnavailableError';
}

type Parsed = { article: Article; problem?: undefined } | { article?: undefined; problem: string };

/** Reads and validates one article file; what is wrong with it, in one line, when it is not an article. */
async function parse(file: string): Promise<Parsed> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { problem: `cannot be read as JSON: ${(error as Error).message}` };
  }
  const parsed = ArticleSchema.safeParse(data);
  if (parsed.success) return { article: parsed.data };
  const [first] = toIssues(parsed.error.issues, data);
  return { problem: `is not a valid article: ${first!.path}: ${first!.message}` };
}

export function articleFiles(contentDir: string): ArticleRepository {
  // Parsed articles by id, kept while the file is unchanged: every replies request needs the
  // article (does it exist, are comments open), and re-reading and validating the file each time
  // cost a large share of a request (`npm run bench`, server table). A broken file is kept too, so
  // it is reported once per version of the file, not on every request.
  const articles = new Map<string, Parsed & { version: string }>();

  async function load(id: string): Promise<Article | undefined> {
    // The strict id pattern is what keeps `../` and friends out of the file path.
    if (!ARTICLE_ID.test(id)) return undefined;
    const file = join(contentDir, `${id}.json`);
    let version: string;
    let unreadable: string | undefined;
    try {
      const { ino, size, mtimeMs, ctimeMs } = await stat(file);
      version = `${ino}:${size}:${mtimeMs}:${ctimeMs}`;
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code === 'ENOENT') {
        articles.delete(id);
        return undefined;
      }
      // EACCES, ENOTDIR…: reported like a broken file, once until the cause changes.
      version = `error:${code}`;
      unreadable = `cannot be read: ${code}`;
    }
    let entry = articles.get(id);
    if (entry?.version !== version) {
      entry = { version, ...(unreadable ? { problem: unreadable } : await parse(file)) };
      articles.set(id, entry);
      // One line, no stack: the operator needs the file and what is wrong with it.
      if (entry.problem) console.error(`content: ${file} ${entry.problem.replace(/\s+/g, ' ')} (answering 500 until it changes)`);
    }
    if (entry.problem) throw new ArticleUnavailableError(`${id}.json ${entry.problem}`);
    return entry.article;
  }

  return { load };
}

/** The article as this server publishes it: replies go here unless it names another endpoint (relative to the article's URL). */
export function published(article: Article, id: string): Article {
  const comments = article.comments && { ...article.comments, endpoint: article.comments.endpoint ?? `/api/articles/${id}/replies` };
  return comments ? { ...article, comments } : article;
}
