/**
 * Where replies live. One small interface, one Kysely implementation: the queries use only what
 * both dialects support (text columns, plain comparisons, `INSERT … ON CONFLICT`, no RETURNING), so
 * the same class runs on SQLite and on PostgreSQL when a site needs several server processes.
 *
 * Everything that must hold across processes is decided by the database, by a constraint rather
 * than a read followed by a write: the idempotency key's primary key (claimed first), the UNIQUE
 * index of duplicates, and the flood limit's row per sender (`post_limits`, a conditional upsert).
 * A database that cannot take a write right now (locked, read-only, full, unreachable) is retried
 * briefly, then answered with 503 and `Retry-After`: never a 500, never a blocked process.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { domainToASCII } from 'node:url';
import { Kysely, type Selectable } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { comparisonKey } from '../data/normalize.js';
import { sha256 } from './hash.js';

export type StoredStatus = 'pending' | 'published' | 'spam';
export type Order = 'asc' | 'desc';

interface RepliesTable {
  id: string;
  article_id: string;
  parent_id: string | null;
  name: string;
  email: string;
  website: string | null;
  comment: string;
  status: StoredStatus;
  /** sha256 of the sender's IP: enough to tell repeat senders apart, not to publish. */
  ip_hash: string;
  /** sha256 of the email's comparison key (`authorKey`): who wrote it, for the duplicate check. */
  author_key: string;
  /**
   * sha256 of the parent id and the comment's comparison key (`contentHash`): what was said, and
   * under which reply (the one it was posted under: when a deleted reply's answers move up, they keep it).
   */
  content_hash: string;
  /** ISO 8601 UTC with milliseconds; sorts correctly as text on every dialect. */
  created_at: string;
}

interface IdempotencyTable {
  key: string;
  /** sha256 of article id + request body, to tell a retry from a reused key. */
  request_hash: string;
  status: number;
  /** The JSON body of the first response, returned again on retry. */
  body: string;
  created_at: string;
}

/** The flood limit: one row per sender, the time before which it may not post again. */
interface PostLimitsTable {
  /** The sender's IP hash. */
  key: string;
  /** ISO 8601 UTC with milliseconds, like `created_at`. */
  blocked_until: string;
}

export interface Database {
  replies: RepliesTable;
  idempotency_keys: IdempotencyTable;
  post_limits: PostLimitsTable;
}

/** A reply with everything the server knows; only the admin API shows `email`. */
export interface StoredReply {
  id: string;
  article: string;
  parent: string | null;
  name: string;
  email: string;
  website: string | null;
  comment: string;
  status: StoredStatus;
  published: string;
}

/** What a post stores: the reply less what the store assigns (id, time), plus the sender's IP hash. */
export interface NewReply extends Omit<StoredReply, 'id' | 'published'> {
  ipHash: string;
}

/** Position after the last row of a page: (published, id) is unique and ordered. */
export interface Cursor {
  published: string;
  id: string;
}

export interface ListQuery {
  article?: string;
  status: StoredStatus;
  limit: number;
  order: Order;
  after?: Cursor;
}

export interface PostAttempt {
  reply: NewReply;
  idempotency?: { key: string; requestHash: string };
  /**
   * A second post from the same IP hash within this many ms is refused; 0 disables. Not keyed on
   * the email: anyone could lock a known address out, and a change of case would get past it.
   */
  rateLimitMs: number;
  /** Builds the HTTP response for the new reply; it is stored so a retry gets exactly the same. */
  respond(reply: StoredReply): { status: number; body: unknown };
}

export type PostOutcome =
  | { kind: 'created' | 'replayed'; status: number; body: unknown }
  | { kind: 'key-reused' }
  | { kind: 'no-parent' }
  | { kind: 'duplicate' }
  | { kind: 'too-soon'; retryAfterSeconds: number }
  /** The database cannot take the reply right now (locked, read-only, full, unreachable): 503. */
  | { kind: 'unavailable'; retryAfterSeconds: number };

/**
 * Thrown by a store that cannot keep what it would write (its database file was deleted or
 * replaced while the server ran): the server answers 503 with `Retry-After` instead of a 201
 * that nothing would back.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    message: string,
    /** How long a client should wait before trying again. */
    readonly retryAfterSeconds = 60,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ReplyStore {
  /**
   * Checks and stores a new reply atomically (idempotency, parent, duplicate, rate limit). A
   * duplicate is the same comment by the same author (email) under the same parent of the same
   * article, compared by `comparisonKey` (case, width, spacing, NFC/NFD and invisible characters
   * do not count); a UNIQUE index decides it, so concurrent posts from several processes cannot
   * both get in.
   */
  post(attempt: PostAttempt): Promise<PostOutcome>;
  list(query: ListQuery): Promise<{ replies: StoredReply[]; total: number; next: Cursor | null }>;
  setStatus(id: string, status: StoredStatus): Promise<StoredReply | undefined>;
  /** Deletes a reply; its answers move up to its parent, as WordPress does. */
  remove(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Idempotency keys are kept this long; clients retry within seconds or minutes, not days. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Who wrote a reply, for the duplicate check: the email, lowercased (NFKC first, so full-width
 * letters agree) with its domain in ASCII (`bücher.example` is `xn--bcher-kva.example`).
 */
export function authorKey(email: string): string {
  const address = email.trim().normalize('NFKC').toLowerCase();
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  return sha256(`${address.slice(0, at + 1)}${domainToASCII(domain) || domain}`).toString('hex');
}

/** What was said and where, for the duplicate check: the same words under another reply are another reply. */
export const contentHash = (parent: string | null, comment: string): string =>
  sha256(`${parent ?? ''}\n${comparisonKey(comment)}`).toString('hex');

/** SQLite's and PostgreSQL's codes for a UNIQUE constraint violation. */
const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

/** Thrown inside the post transaction to end it with `outcome`, rolling back what it wrote (claims included). */
class Refusal {
  constructor(readonly outcome: PostOutcome) {}
}

/** Why the database cannot do what was asked right now, as the store reports it. */
export interface StoreTrouble {
  /** One per cause, for the log: `busy`, `read-only`, `disk-full`, `io`, `connection`, `conflict`. */
  kind: string;
  /** Worth trying again in a moment (a lock, a dropped connection); the others need an operator. */
  transient: boolean;
  retryAfterSeconds: number;
  /** The driver's code and message, one line. */
  cause: string;
}

/** Thrown when a post finds its idempotency key claimed but not answered: it cannot happen, but is retried if it does. */
class ClaimPending extends Error {
  override readonly name = 'ClaimPending';
}

const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** Messages of `pg` errors that have no code: the connection is gone or was never made. */
const PG_CONNECTION_MESSAGE = /connection terminated|not queryable|timeout exceeded when trying to connect|connection error/i;

/**
 * What an error from the database says about the database, or null when it is not a database
 * condition (a bug, a constraint the caller handles): SQLite's result codes (better-sqlite3), and
 * PostgreSQL's SQLSTATEs and connection failures (pg).
 */
export function storeTrouble(error: unknown): StoreTrouble | null {
  if (error instanceof ClaimPending) return { kind: 'busy', transient: true, retryAfterSeconds: 1, cause: error.message };
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.split('\n')[0]! : '';
  const cause = typeof code === 'string' ? `${code}: ${text}` : text;
  const trouble = (kind: string, transient: boolean, retryAfterSeconds: number) => ({ kind, transient, retryAfterSeconds, cause });
  if (typeof code === 'string') {
    // SQLite (extended codes such as SQLITE_BUSY_SNAPSHOT or SQLITE_IOERR_FSYNC included).
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return trouble('busy', true, 1);
    if (code.startsWith('SQLITE_READONLY')) return trouble('read-only', false, 60);
    if (code === 'SQLITE_FULL') return trouble('disk-full', false, 60);
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return trouble('io', false, 60);
    // PostgreSQL: serialization failure and deadlock are retried, as the manual advises.
    if (code === '40001' || code === '40P01') return trouble('conflict', true, 1);
    // lock_timeout, statement_timeout.
    if (code === '55P03' || code === '57014') return trouble('busy', true, 1);
    // Class 08 (connection exception); admin shutdown, crash shutdown, cannot connect now; too many connections.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') {
      return trouble('connection', true, 5);
    }
    if (code === '53100') return trouble('disk-full', false, 60);
    if (code === '53000' || code === '53200') return trouble('resources', true, 5);
    // A hot standby (a failover in progress) refuses writes.
    if (code === '25006') return trouble('read-only', false, 10);
    if (SOCKET_ERRORS.has(code)) return trouble('connection', true, 5);
  }
  if (PG_CONNECTION_MESSAGE.test(text)) return trouble('connection', true, 5);
  return null;
}

/**
 * Pauses before each retry of an operation the database refused for a moment. With SQLite's
 * busy_timeout (50 ms, sqlite.ts) a write lock held elsewhere costs at most 4 × 50 ms of blocking
 * and 230 ms of waiting, during which other requests are served, before the answer is 503.
 */
const RETRY_DELAYS_MS = [20, 60, 150];
/** A cause already logged is logged again after this long, if it is still happening. */
const LOG_AGAIN_MS = 10 * 60 * 1000;
/** How often a process deletes expired idempotency keys and flood-limit rows (not on every post). */
const CLEANUP_EVERY_MS = 60 * 1000;
/** Patience at start: another process may be migrating the same database. */
const MIGRATE_ATTEMPTS = 100;

/** Schema changes, in order. Append new ones; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '0001_replies': {
    async up(db) {
      await db.schema
        .createTable('replies')
        .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
        .addColumn('article_id', 'varchar(128)', (col) => col.notNull())
        .addColumn('parent_id', 'varchar(64)')
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('email', 'text', (col) => col.notNull())
        .addColumn('website', 'text')
        .addColumn('comment', 'text', (col) => col.notNull())
        .addColumn('status', 'varchar(16)', (col) => col.notNull())
        .addColumn('ip_hash', 'varchar(64)', (col) => col.notNull())
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .execute();
      // Public listing and admin listing.
      await db.schema.createIndex('replies_article_status').on('replies').columns(['article_id', 'status', 'created_at', 'id']).execute();
      await db.schema.createIndex('replies_status').on('replies').columns(['status', 'created_at', 'id']).execute();
      // Rate limit lookups by sender.
      await db.schema.createIndex('replies_ip').on('replies').columns(['ip_hash', 'created_at']).execute();
      await db.schema.createIndex('replies_email').on('replies').columns(['email', 'created_at']).execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'varchar(255)', (col) => col.primaryKey())
        .addColumn('request_hash', 'varchar(64)', (col) => col.notNull())
        .addColumn('status', 'integer', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('idempotency_created').on('idempotency_keys').column('created_at').execute();
    },
  },
  // The duplicate check moves into the database: normalized keys and a UNIQUE index over them
  // (rows from before have their keys computed here). The rate limit no longer reads the email.
  '0002_duplicate_keys': {
    async up(db) {
      // Nullable: SQLite cannot add a NOT NULL column without a default. Every row has both after
      // this migration, and every insert sets them.
      await db.schema.alterTable('replies').addColumn('author_key', 'varchar(64)').execute();
      await db.schema.alterTable('replies').addColumn('content_hash', 'varchar(64)').execute();
      // NULLs are distinct in a UNIQUE index, so it can be created before the keys are filled in.
      await db.schema
        .createIndex('replies_duplicate')
        .on('replies')
        .columns(['article_id', 'author_key', 'content_hash'])
        .unique()
        .execute();
      await db.schema.dropIndex('replies_email').execute();
      // Oldest first, so the first of a set of replies that were distinct before and are
      // duplicates now keeps the plain key; the later ones get a key of their own (kept, not lost).
      let after: { created_at: string; id: string } | undefined;
      for (;;) {
        let query = db.selectFrom('replies').select(['id', 'article_id', 'parent_id', 'email', 'comment', 'created_at']);
        if (after) {
          const { created_at, id } = after;
          query = query.where((eb) =>
            eb.or([eb('created_at', '>', created_at), eb.and([eb('created_at', '=', created_at), eb('id', '>', id)])]),
          );
        }
        const rows = await query.orderBy('created_at').orderBy('id').limit(500).execute();
        for (const row of rows) {
          const author = authorKey(row.email as string);
          let content = contentHash(row.parent_id as string | null, row.comment as string);
          const taken = await db
            .selectFrom('replies')
            .select('id')
            .where('article_id', '=', row.article_id)
            .where('author_key', '=', author)
            .where('content_hash', '=', content)
            .executeTakeFirst();
          if (taken) content = sha256(`${content}\n${row.id as string}`).toString('hex');
          await db.updateTable('replies').set({ author_key: author, content_hash: content }).where('id', '=', row.id).execute();
        }
        if (rows.length < 500) break;
        const last = rows[rows.length - 1]!;
        after = { created_at: last.created_at as string, id: last.id as string };
      }
    },
  },
  // The flood limit moves from reading the sender's last reply (two processes could both read
  // "none" and both insert) to a row per sender that one conditional upsert claims atomically.
  // Starts empty: for one rate-limit window after the upgrade, a sender's earlier reply does not count.
  '0003_post_limits': {
    async up(db) {
      await db.schema
        .createTable('post_limits')
        .addColumn('key', 'varchar(128)', (col) => col.primaryKey())
        .addColumn('blocked_until', 'varchar(32)', (col) => col.notNull())
        .execute();
      // For the periodic cleanup of expired rows.
      await db.schema.createIndex('post_limits_until').on('post_limits').column('blocked_until').execute();
    },
  },
};

/** The migrations' names, oldest first (tests migrate an old schema up step by step). */
export const MIGRATIONS = Object.keys(migrations);

/** Brings the database schema up to date (or up to the migration `to`); safe to run on every start. */
export async function migrate(db: Kysely<Database>, to?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  for (let attempt = 1; ; attempt++) {
    const { error } = await (to === undefined ? migrator.migrateToLatest() : migrator.migrateTo(to));
    if (!error) return;
    // Another process starting at the same moment holds the lock: wait for it, it migrates.
    if (!storeTrouble(error)?.transient || attempt >= MIGRATE_ATTEMPTS) throw error;
    await delay(100);
  }
}

function toStored(row: Selectable<RepliesTable>): StoredReply {
  return {
    id: row.id,
    article: row.article_id,
    parent: row.parent_id,
    name: row.name,
    email: row.email,
    website: row.website,
    comment: row.comment,
    status: row.status,
    published: row.created_at,
  };
}

/** Migrates `db` and returns a store over it. The store owns `db`: `close()` destroys it. */
export async function createKyselyStore(db: Kysely<Database>): Promise<ReplyStore> {
  await migrate(db);

  const getReply = async (q: Kysely<Database>, id: string) => {
    const row = await q.selectFrom('replies').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStored(row);
  };

  // The real cause, once per kind (and again if it lasts): the client only sees 503.
  const logged = new Map<string, number>();
  const report = (trouble: StoreTrouble) => {
    const now = Date.now();
    const last = logged.get(trouble.kind);
    if (last !== undefined && now - last < LOG_AGAIN_MS) return;
    logged.set(trouble.kind, now);
    console.error(
      `replies: the database cannot take requests (${trouble.kind}: ${trouble.cause}); answering 503 with Retry-After: ${trouble.retryAfterSeconds}`,
    );
  };

  /**
   * Runs `work`, again after a short pause when the database refused it for a moment (a lock, a
   * dropped connection), and turns what the database cannot do into `StoreUnavailableError`.
   * `work` calls `committing()` when all that is left is the commit: an error after that may have
   * been committed after all, so the work is not repeated (a client retry with its Idempotency-Key
   * gets the answer if it was).
   */
  const resilient = async <T>(work: (committing: () => void) => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const state = { committing: false };
      try {
        return await work(() => (state.committing = true));
      } catch (error) {
        const trouble = storeTrouble(error);
        if (!trouble) throw error;
        const pause = RETRY_DELAYS_MS[attempt];
        if (trouble.transient && !state.committing && pause !== undefined) {
          await delay(pause);
          continue;
        }
        report(trouble);
        throw new StoreUnavailableError(`${trouble.kind}: ${trouble.cause}`, trouble.retryAfterSeconds, { cause: error });
      }
    }
  };

  // Expired idempotency keys and flood-limit rows go once a minute, in a statement of their own:
  // not in every post's transaction, where two processes would lock the same old rows.
  let cleanupDue = 0;
  const cleanup = async (now: Date) => {
    if (now.getTime() < cleanupDue) return;
    cleanupDue = now.getTime() + CLEANUP_EVERY_MS;
    try {
      await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString())
        .execute();
      await db.deleteFrom('post_limits').where('blocked_until', '<', now.toISOString()).execute();
    } catch (error) {
      // The database is busy or away: the post finds out on its own; cleaning up can wait.
      if (!storeTrouble(error)) throw error;
    }
  };

  /**
   * Claims the idempotency key for this post, or answers as the post that claimed it did. The
   * claim is the key's row, inserted first with `ON CONFLICT DO NOTHING` (the primary key decides):
   * on PostgreSQL a second post with the same key waits in that insert until the first commits
   * (then reads and replays its answer) or rolls back (then the claim is its own); on SQLite posts
   * are serialised by the write lock. The claim is answered (status and body) in the transaction
   * that made it, so no other transaction ever sees it unanswered.
   */
  const claimKey = async (
    tx: Kysely<Database>,
    { key, requestHash }: { key: string; requestHash: string },
    now: Date,
  ): Promise<PostOutcome | null> => {
    const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
    for (let tries = 0; tries < 3; tries++) {
      const claim = await tx
        .insertInto('idempotency_keys')
        .values({ key, request_hash: requestHash, status: 0, body: '', created_at: now.toISOString() })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if ((claim.numInsertedOrUpdatedRows ?? 0n) > 0n) return null;
      const seen = await tx.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
      if (!seen) continue; // Deleted (expired) since: claim it again.
      if (seen.created_at < expired) {
        // Expired, not yet cleaned up: a new request.
        await tx.deleteFrom('idempotency_keys').where('key', '=', key).where('created_at', '<', expired).execute();
        continue;
      }
      if (seen.request_hash !== requestHash) return { kind: 'key-reused' };
      if (seen.status === 0) break;
      return { kind: 'replayed', status: seen.status, body: JSON.parse(seen.body) as unknown };
    }
    throw new ClaimPending(`idempotency key ${JSON.stringify(key)} is claimed and not yet answered`);
  };

  const postOnce = async ({ reply, idempotency, rateLimitMs, respond }: PostAttempt, committing: () => void): Promise<PostOutcome> => {
    const author = authorKey(reply.email);
    const content = contentHash(reply.parent, reply.comment);
    const now = new Date();
    await cleanup(now);
    try {
      return await db.transaction().execute(async (tx): Promise<PostOutcome> => {
        if (idempotency) {
          const answered = await claimKey(tx, idempotency, now);
          if (answered) return answered; // Nothing written.
        }
        if (reply.parent !== null) {
          const parent = await getReply(tx, reply.parent);
          if (!parent || parent.article !== reply.article || parent.status === 'spam') throw new Refusal({ kind: 'no-parent' });
        }
        // Looked up first so that a duplicate is told as one even within the flood limit; the
        // UNIQUE index below is what decides when two processes insert at the same moment.
        const duplicate = await tx
          .selectFrom('replies')
          .select('id')
          .where('article_id', '=', reply.article)
          .where('author_key', '=', author)
          .where('content_hash', '=', content)
          .executeTakeFirst();
        if (duplicate) throw new Refusal({ kind: 'duplicate' });
        if (rateLimitMs > 0) {
          // One statement claims the sender's next slot: it inserts the row, or moves a row whose
          // time has passed; a row still in the future is left alone and nothing is counted. On
          // PostgreSQL a concurrent post from the same sender waits for this row's lock, then
          // re-checks the condition against what was committed.
          const until = new Date(now.getTime() + rateLimitMs).toISOString();
          const slot = await tx
            .insertInto('post_limits')
            .values({ key: reply.ipHash, blocked_until: until })
            .onConflict((oc) =>
              oc
                .column('key')
                .doUpdateSet({ blocked_until: (eb) => eb.ref('excluded.blocked_until') })
                .where('post_limits.blocked_until', '<=', now.toISOString()),
            )
            .executeTakeFirst();
          if ((slot.numInsertedOrUpdatedRows ?? 0n) === 0n) {
            const limit = await tx.selectFrom('post_limits').select('blocked_until').where('key', '=', reply.ipHash).executeTakeFirst();
            // From the time of this answer (it may have waited for the other post), and never
            // more than one window: another process's clock may be ahead of this one.
            const waitMs = limit ? Math.min(rateLimitMs, Date.parse(limit.blocked_until) - Date.now()) : 1000;
            throw new Refusal({ kind: 'too-soon', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
          }
        }
        const row: Selectable<RepliesTable> = {
          id: randomBytes(12).toString('base64url'),
          article_id: reply.article,
          parent_id: reply.parent,
          name: reply.name,
          email: reply.email,
          website: reply.website,
          comment: reply.comment,
          status: reply.status,
          ip_hash: reply.ipHash,
          author_key: author,
          content_hash: content,
          created_at: now.toISOString(),
        };
        await tx
          .insertInto('replies')
          .values(row)
          .execute()
          .catch((error: unknown) => {
            throw isUniqueViolation(error) ? new Refusal({ kind: 'duplicate' }) : error;
          });
        const response = respond(toStored(row));
        if (idempotency) {
          await tx
            .updateTable('idempotency_keys')
            .set({ status: response.status, body: JSON.stringify(response.body) })
            .where('key', '=', idempotency.key)
            .execute();
        }
        committing();
        return { kind: 'created', ...response };
      });
    } catch (error) {
      // A refusal rolled back what the post had written: its key claim and its flood-limit slot.
      if (error instanceof Refusal) return error.outcome;
      throw error;
    }
  };

  return {
    // One transaction per post, every check decided by a constraint (see the top of this file).
    async post(attempt) {
      try {
        return await resilient((committing) => postOnce(attempt, committing));
      } catch (error) {
        if (error instanceof StoreUnavailableError) return { kind: 'unavailable', retryAfterSeconds: error.retryAfterSeconds };
        throw error;
      }
    },

    list: ({ article, status, limit, order, after }) =>
      resilient(async () => {
        let query = db.selectFrom('replies').where('status', '=', status);
        if (article !== undefined) query = query.where('article_id', '=', article);
        const counted = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const cmp = order === 'asc' ? '>' : '<';
        if (after) {
          query = query.where((eb) =>
            eb.or([eb('created_at', cmp, after.published), eb.and([eb('created_at', '=', after.published), eb('id', cmp, after.id)])]),
          );
        }
        // One extra row tells whether there is a next page without a second query.
        const rows = await query
          .selectAll()
          .orderBy('created_at', order)
          .orderBy('id', order)
          .limit(limit + 1)
          .execute();
        const page = rows.slice(0, limit).map(toStored);
        const last = page[page.length - 1];
        return {
          replies: page,
          // PostgreSQL returns count(*) as a string (bigint).
          total: Number(counted.n),
          next: rows.length > limit && last ? { published: last.published, id: last.id } : null,
        };
      }),

    // Setting a status twice is harmless, so this one is retried even after an unclear commit.
    setStatus: (id, status) =>
      resilient(async () => {
        const result = await db.updateTable('replies').set({ status }).where('id', '=', id).executeTakeFirst();
        return result.numUpdatedRows > 0n ? getReply(db, id) : undefined;
      }),

    remove: (id) =>
      resilient((committing) =>
        db.transaction().execute(async (tx) => {
          const reply = await getReply(tx, id);
          if (!reply) return false;
          await tx.updateTable('replies').set({ parent_id: reply.parent }).where('parent_id', '=', id).execute();
          await tx.deleteFrom('replies').where('id', '=', id).execute();
          committing();
          return true;
        }),
      ),

    close: () => db.destroy(),
  };
}
