/** The articles the reference server publishes: `<id>.json` files in one folder, parsed once per change. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArticleSchema, type Article } from '../data/article.js';

const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

export interface ArticleRepository {
  /** The article `id`, or undefined when the id is malformed or no such file exists. */
  load(id: string): Promise<Article | undefined>;
}

export function articleFiles(contentDir: string): ArticleRepository {
  // Parsed articles by id, kept while the file's modification time is unchanged: every replies
  // request needs the article (does it exist, are comments open), and re-reading and validating the
  // file each time cost a large share of a request (`npm run bench`, server table).
  const articles = new Map<string, { mtimeMs: number; article: Article }>();

  async function load(id: string): Promise<Article | undefined> {
    // The strict id pattern is what keeps `../` and friends out of the file path.
    if (!ARTICLE_ID.test(id)) return undefined;
    const file = join(contentDir, `${id}.json`);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        articles.delete(id);
        return undefined;
      }
      throw error;
    }
    const cached = articles.get(id);
    if (cached?.mtimeMs === mtimeMs) return cached.article;
    const parsed = ArticleSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${id}.json in ${contentDir} is not a valid article`);
    articles.set(id, { mtimeMs, article: parsed.data });
    return parsed.data;
  }

  return { load };
}

/** The article as this server publishes it: replies go here unless it names another endpoint (relative to the article's URL). */
export function published(article: Article, id: string): Article {
  const comments = article.comments && { ...article.comments, endpoint: article.comments.endpoint ?? `/api/articles/${id}/replies` };
  return comments ? { ...article, comments } : article;
}
