/**
 * The reply contract, shared by `<reply-form>` (client-side validation) and the reference server
 * (400 responses), so both give the reader the same message for the same mistake.
 * zod/mini keeps this small: it lands in the browser bundle.
 */
import * as z from 'zod/mini';
import { PARENT_NOT_FOUND } from './api-errors.js';
import { hasVisible } from './normalize.js';
import { isHttpUrl } from './url.js';

/** Limits as WordPress counts them: UTF-8 bytes, not characters (`é` is 2, `😀` is 4). */
export const REPLY_LIMITS = { comment: 65525, name: 245, email: 100, website: 200 } as const;

const encoder = new TextEncoder();

/** Length of `s` in UTF-8 bytes. */
export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

/**
 * What each field refuses as not well-formed text (`X contains characters that cannot be shown.`).
 * Everywhere: C0 and C1 controls and DEL (NUL breaks PostgreSQL, ESC rewrites terminals) and lone
 * surrogates, which have no UTF-8 form. With the `u` flag a surrogate pair is one code point, so
 * `[\uD800-\uDFFF]` matches only an unpaired half: this works in every engine, unlike
 * `isWellFormed`. The comment keeps tab, newline and CR, and bidi controls: right-to-left writers
 * use them, and `<reply-list>` shows it in its own `dir="auto"` block, which closes them. The name
 * refuses line separators and bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069): an override reverses the name's own letters (`Ann\u202Egnp.exe` shows as "Annexe.png"),
 * and beyond `<reply-list>`'s `<bdi>` (admin lists, mails, other renderers) what follows it. Email
 * and website refuse every default-ignorable character too: no address needs an invisible one.
 */
const ADDRESS = /[\0-\x1F\x7F-\x9F\u2028\u2029\p{DI}\uD800-\uDFFF]/u;
const BAD_TEXT = {
  comment: /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF]/u,
  name: /[\0-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u,
  email: ADDRESS,
  website: ADDRESS,
};

/**
 * A trimmed string of well-formed text that fits `REPLY_LIMITS[field]` bytes and, when required,
 * shows something: white space and invisible characters alone do not count.
 */
const limited = (field: keyof typeof REPLY_LIMITS, label: string, required: boolean) =>
  z.string({ error: `${label} is required.` }).check(
    z.trim(),
    z.refine((s: string) => !BAD_TEXT[field].test(s), { message: `${label} contains characters that cannot be shown.` }),
    ...(required ? [z.minLength(1, `${label} is required.`), z.refine<string>(hasVisible, { message: `${label} is required.` })] : []),
    z.refine((s: string) => utf8Length(s) <= REPLY_LIMITS[field], {
      message: `${label} is too long (max ${REPLY_LIMITS[field]} bytes).`,
    }),
  );

// One @, something before it, a domain of dot-separated labels after it (no empty label, so no
// trailing dot). Deliberately loose otherwise: IDN domains, plus addressing and quoted local parts
// without spaces pass; the address is only ever shown to the admin.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const ReplyInputSchema = z.object({
  comment: limited('comment', 'Comment', true),
  name: limited('name', 'Name', true),
  email: limited('email', 'Email', true).check(
    z.refine((s: string) => s === '' || EMAIL.test(s), { message: 'Enter a valid email address.' }),
  ),
  /** Empty string (or null) means "no website". */
  website: z.nullish(
    limited('website', 'Website', false).check(
      // A host is required after the scheme, and no white space; `javascript:`, `data:` and relative links are refused.
      z.refine((s: string) => s === '' || (isHttpUrl(s) && !/\s/.test(s)), {
        message: 'Website must start with http:// or https://.',
      }),
    ),
  ),
  /** Id of the reply being answered; absent or null for a top-level reply. */
  parent: z.nullish(z.string({ error: PARENT_NOT_FOUND }).check(z.minLength(1, PARENT_NOT_FOUND), z.maxLength(128, PARENT_NOT_FOUND))),
});

/** A reply as anyone may see it: never an email address or IP. */
export const ReplySchema = z.object({
  id: z.string(),
  parent: z.nullable(z.string()),
  name: z.string(),
  website: z.nullable(z.string()),
  comment: z.string(),
  published: z.iso.datetime({ offset: true }),
});

export const ReplyPageSchema = z.object({
  replies: z.array(ReplySchema),
  total: z.number(),
  /** Opaque cursor for the next page, null on the last page. */
  next: z.nullable(z.string()),
});

export const PostReplyResultSchema = z.object({
  reply: ReplySchema,
  status: z.enum(['published', 'pending']),
});

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** One message per input field, keyed by field name. */
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});

export type ReplyInput = z.output<typeof ReplyInputSchema>;
export type Reply = z.infer<typeof ReplySchema>;
export type ReplyPage = z.infer<typeof ReplyPageSchema>;
export type PostReplyResult = z.infer<typeof PostReplyResultSchema>;
export type ReplyStatus = PostReplyResult['status'];
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type ReplyValidation = { ok: true; value: ReplyInput } | { ok: false; fields: Record<string, string> };

/** Validates what a client posts; on failure, the first message for each field. */
export function validateReplyInput(data: unknown): ReplyValidation {
  // A non-object body gets the same "X is required." messages as an empty form.
  const input = data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
  const result = ReplyInputSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[String(issue.path[0] ?? 'body')] ??= issue.message;
  return { ok: false, fields };
}
