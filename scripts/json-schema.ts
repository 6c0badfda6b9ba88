// Writes JSON Schemas generated from the zod schemas, so a CMS can validate its output.
import { writeFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ArticleSchema } from '../src/data/article.js';
import { ReplyInputSchema } from '../src/data/reply.js';

const write = (file: string, schema: z.ZodMiniType, title: string) => {
  const json = { ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), title };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
};
write('dist/article.schema.json', ArticleSchema, 'article-widgets article');
write('dist/reply.schema.json', ReplyInputSchema, 'article-widgets reply (POST body)');
