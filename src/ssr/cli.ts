/**
 * `npx article-widgets render <article.json> [options] > page.html`: a static, server-rendered page
 * for static-site hosts (built to dist/cli.js; in the repository: `npm run render -- <article.json>`).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LoadError } from '../data/errors.js';
import { FORMATS, type FormatName } from '../data/formats/index.js';

const USAGE = `Usage: article-widgets render <article.json | -> [options] > page.html

Renders an article (native JSON, WordPress, JSON Feed, schema.org, Ghost or ActivityStreams) as an
HTML page that shows the whole article with scripts off; with --script the page hydrates from --src.

Options:
  --src URL         where the page will find the article's JSON (the element's src; needed to hydrate)
  --script URL      the script-tag bundle (dist/article-widgets.js) the page loads
  --lang TAG        the page's language when the article names none
  --title TEXT      the document title (default: the article's title)
  --stylesheet URL  a stylesheet for the page
  --page-url URL    where the page will be served (resolves relative links in HTML bodies)
  --format NAME     read the input as ${FORMATS.join(' | ')}
  --item ID         for a feed or collection: the item (default: the first)
  --fragment        print only the <article-view> element, not a whole page
  -h, --help        show this help
`;

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        src: { type: 'string' },
        script: { type: 'string' },
        lang: { type: 'string' },
        title: { type: 'string' },
        stylesheet: { type: 'string' },
        'page-url': { type: 'string' },
        format: { type: 'string' },
        item: { type: 'string' },
        fragment: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, file, ...rest] = positionals;
  if (command !== 'render' || !file || rest.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (values.format && !FORMATS.includes(values.format as FormatName)) {
    process.stderr.write(`Unknown format "${values.format}"; known formats: ${FORMATS.join(', ')}.\n`);
    return 2;
  }

  let data: unknown;
  try {
    data = JSON.parse(await readInput(file));
  } catch (error) {
    process.stderr.write(`${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const options = {
    src: values.src,
    lang: values.lang,
    pageUrl: values['page-url'],
    format: values.format as FormatName | undefined,
    item: values.item,
  };
  let render: typeof import('./render.js');
  try {
    render = await import('./render.js');
  } catch (error) {
    // Server rendering's packages are optional peers, so pages that only use the elements don't install them.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write(
      `Server rendering needs @lit-labs/ssr (and jsdom for HTML bodies): npm install @lit-labs/ssr jsdom\n${(error as Error).message}\n`,
    );
    return 1;
  }
  const { renderArticle, renderArticlePage } = render;
  try {
    const html = values.fragment
      ? `${await renderArticle(data, options)}\n`
      : await renderArticlePage(data, { ...options, scriptUrl: values.script, title: values.title, stylesheet: values.stylesheet });
    process.stdout.write(html);
    return 0;
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    process.stderr.write(`${file}: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
