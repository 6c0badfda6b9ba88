/**
 * Where `<reply-form>` keeps a reader's words between page loads: one draft per article, and the
 * reader's name, email and website when they asked for them to be remembered. Storage may be
 * missing or throw (private modes, blocked cookies, sandboxed iframes, a full quota); then the
 * values live in memory for this page instead, so the form still works and never throws.
 */

/** A reply being written. */
export interface ReplyDraft {
  comment: string;
  name: string;
  email: string;
  website: string;
  /** Whether "Save my name, email, and website…" is ticked. */
  remember: boolean;
  /** The reply being answered, so a reload keeps "Leave a Reply to NAME". */
  replyTo: { id: string; name: string } | null;
  /** Sent as `Idempotency-Key` on every attempt to post this draft. */
  key: string;
}

/** The name, email and website a reader asked to have remembered across articles. */
export interface ReplyIdentity {
  name: string;
  email: string;
  website: string;
}

const PREFIX = 'article-widgets:reply-draft:';
const IDENTITY = 'article-widgets:reply-identity';
const memory = new Map<string, string>();

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null; // reading the property itself throws in some sandboxes
  } catch {
    return null;
  }
}

function read(key: string): unknown {
  // A memory copy exists only when storage refused the latest write, so it is the newer value.
  let text = memory.get(key) ?? null;
  try {
    text ??= storage()?.getItem(key) ?? null;
  } catch {
    /* unreadable storage: memory is all there is */
  }
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null; // another script's value under our key, or a truncated write
  }
}

function write(key: string, value: unknown): void {
  const text = value === null ? null : JSON.stringify(value);
  if (text === null) memory.delete(key);
  else memory.set(key, text);
  try {
    const store = storage();
    if (text === null) store?.removeItem(key);
    else store?.setItem(key, text);
    // Storage holds it now; a memory copy would shadow later changes made in another tab.
    if (store) memory.delete(key);
  } catch {
    /* quota or security error: the memory copy keeps the draft for this page */
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A fresh `Idempotency-Key`. `randomUUID` needs a secure context; plain-http pages get the same from `getRandomValues`. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The saved draft for `scope` (an article id or endpoint), or null. */
export function loadDraft(scope: string): ReplyDraft | null {
  const v = read(PREFIX + scope);
  if (!v || typeof v !== 'object') return null;
  const d = v as Record<string, unknown>;
  const to = d.replyTo as Record<string, unknown> | null | undefined;
  return {
    comment: str(d.comment),
    name: str(d.name),
    email: str(d.email),
    website: str(d.website),
    remember: d.remember === true,
    replyTo: to && typeof to.id === 'string' && to.id ? { id: to.id, name: str(to.name) } : null,
    key: str(d.key) || newIdempotencyKey(),
  };
}

export function saveDraft(scope: string, draft: ReplyDraft): void {
  write(PREFIX + scope, draft);
}

export function clearDraft(scope: string): void {
  write(PREFIX + scope, null);
}

/** The remembered identity, or null when the reader has not asked for it. */
export function loadIdentity(): ReplyIdentity | null {
  const v = read(IDENTITY);
  if (!v || typeof v !== 'object') return null;
  const d = v as Record<string, unknown>;
  return { name: str(d.name), email: str(d.email), website: str(d.website) };
}

/** Remembers the identity, or forgets it (`null`): unticking the box must erase what was kept. */
export function saveIdentity(identity: ReplyIdentity | null): void {
  write(IDENTITY, identity && { name: identity.name, email: identity.email, website: identity.website });
}
