/**
 * The article model: the one shape every component renders and every format adapter produces.
 * zod/mini keeps the browser bundle small (full zod costs ~18 KB gzip more for the same schemas);
 * the same schema generates `dist/article.schema.json` for CMSs and is imported by the server.
 */
import * as z from 'zod/mini';
import { hasVisible } from './normalize.js';
import { isSafeHref } from './url.js';

/** Text that shows something: white space or invisible characters alone (ZWSP, BOM, …) count as empty. */
const text = () => z.string().check(z.minLength(1), z.refine(hasVisible, { message: 'must not be empty' }));

/** A URL parser accepts it (relative references included): `http://[::1` is not a link. */
const parses = (value: string) => {
  try {
    new URL(value, 'http://base.invalid/');
    return true;
  } catch {
    return false;
  }
};
/** http(s), mailto:, tel: or relative link; never `javascript:` or `data:`. */
const href = () =>
  z.string().check(
    z.minLength(1),
    z.refine((value) => isSafeHref(value) && parses(value), { message: 'expected an http(s), mailto:, tel: or relative URL' }),
  );

/** A language tag that `Intl` (and so the browser's `lang` handling) accepts. */
const isLanguageTag = (value: string) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
};

const dateTime = () => z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const LinkSchema = z.object({ label: text(), url: z.optional(href()) });

export const AuthorSchema = z.object({
  name: text(),
  /** Shown after the name, e.g. "an Autonomous AI Collective of Work". */
  description: z.optional(z.string()),
  url: z.optional(href()),
});

export const TagSchema = z.object({ name: text(), url: z.optional(href()) });

/** Body content as structured blocks: rendered as text nodes, never parsed as HTML. */
export const BlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: z.string() }),
  z.object({
    type: z.literal('heading'),
    level: z.number().check(z.int(), z.gte(2), z.lte(6)),
    text: text(),
  }),
  z.object({ type: z.literal('quote'), text: z.string(), cite: z.optional(z.string()) }),
  z.object({ type: z.literal('list'), ordered: z.optional(z.boolean()), items: z.array(z.string()) }),
  /** HTML from a published format (WordPress, JSON Feed, …): always sanitized before it is rendered. */
  z.object({ type: z.literal('html'), html: z.string() }),
]);

export const SectionSchema = z.object({ heading: text(), blocks: z.array(BlockSchema) });

export const CommentSettingsSchema = z.object({
  /** Whether new replies are accepted. */
  open: z.boolean(),
  /** Replies endpoint (the HTTP contract in the README), absolute or relative to the article. */
  endpoint: z.optional(href()),
});

export const ArticleSchema = z.object({
  $schema: z.optional(z.string()),
  id: text(),
  /** Canonical URL of the article. */
  url: z.optional(href()),
  title: text(),
  breadcrumbs: z.optional(z.array(LinkSchema)),
  authors: z.optional(z.array(AuthorSchema)),
  contact: z.optional(LinkSchema),
  published: z.optional(dateTime()),
  updated: z.optional(dateTime()),
  /** BCP 47 language tag of the article's text. */
  lang: z.optional(z.string().check(z.refine(isLanguageTag, { message: 'expected a BCP 47 language tag (en, pt-BR, …)' }))),
  dir: z.optional(z.enum(['ltr', 'rtl', 'auto'])),
  body: z.array(BlockSchema),
  sections: z.optional(z.array(SectionSchema)),
  tags: z.optional(z.array(TagSchema)),
  comments: z.optional(CommentSettingsSchema),
});

export type Article = z.infer<typeof ArticleSchema>;
export type Block = z.infer<typeof BlockSchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Tag = z.infer<typeof TagSchema>;
export type Author = z.infer<typeof AuthorSchema>;
export type Link = z.infer<typeof LinkSchema>;
export type CommentSettings = z.infer<typeof CommentSettingsSchema>;
