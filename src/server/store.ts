/**
 * Where replies live. One small interface, one Kysely implementation: the queries use only what
 * every Kysely dialect supports (text columns, plain comparisons, no RETURNING, no upserts), so the
 * same class runs on SQLite today and on PostgreSQL when a site needs several server processes.
 */
import { randomBytes } from 'node:crypto';
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

export interface Database {
  replies: RepliesTable;
  idempotency_keys: IdempotencyTable;
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
  | { kind: 'too-soon'; retryAfterSeconds: number };

/**
 * Thrown by a store that cannot keep what it would write (its database file was deleted or
 * replaced while the server ran): the server answers 503 with `Retry-After` instead of a 201
 * that nothing would back.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
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

/** Thrown inside the post transaction when the UNIQUE index refuses the row, so it rolls back. */
const DUPLICATE = Symbol('duplicate');

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
};

/** The migrations' names, oldest first (tests migrate an old schema up step by step). */
export const MIGRATIONS = Object.keys(migrations);

/** Brings the database schema up to date (or up to the migration `to`); safe to run on every start. */
export async function migrate(db: Kysely<Database>, to?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await (to === undefined ? migrator.migrateToLatest() : migrator.migrateTo(to));
  if (error) throw error;
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

  return {
    // One transaction: on SQLite Kysely serialises it on the single connection, so two retries
    // of the same post cannot both pass the checks; on PostgreSQL the idempotency key's primary
    // key makes the second insert fail instead of creating a second reply.
    async post({ reply, idempotency, rateLimitMs, respond }) {
      const author = authorKey(reply.email);
      const content = contentHash(reply.parent, reply.comment);
      try {
        return await db.transaction().execute(async (tx): Promise<PostOutcome> => {
          const now = new Date();
          await tx
            .deleteFrom('idempotency_keys')
            .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString())
            .execute();
          if (idempotency) {
            const seen = await tx.selectFrom('idempotency_keys').selectAll().where('key', '=', idempotency.key).executeTakeFirst();
            if (seen) {
              return seen.request_hash === idempotency.requestHash
                ? { kind: 'replayed', status: seen.status, body: JSON.parse(seen.body) as unknown }
                : { kind: 'key-reused' };
            }
          }
          if (reply.parent !== null) {
            const parent = await getReply(tx, reply.parent);
            if (!parent || parent.article !== reply.article || parent.status === 'spam') return { kind: 'no-parent' };
          }
          // Looked up first so that a duplicate is told as one even within the rate limit; the
          // UNIQUE index below is what decides when two processes insert at the same moment.
          const duplicate = await tx
            .selectFrom('replies')
            .select('id')
            .where('article_id', '=', reply.article)
            .where('author_key', '=', author)
            .where('content_hash', '=', content)
            .executeTakeFirst();
          if (duplicate) return { kind: 'duplicate' };
          if (rateLimitMs > 0) {
            const last = await tx
              .selectFrom('replies')
              .select('created_at')
              .where('ip_hash', '=', reply.ipHash)
              .where('created_at', '>', new Date(now.getTime() - rateLimitMs).toISOString())
              .orderBy('created_at', 'desc')
              .executeTakeFirst();
            if (last) {
              const waitMs = Date.parse(last.created_at) + rateLimitMs - now.getTime();
              return { kind: 'too-soon', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
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
              throw isUniqueViolation(error) ? DUPLICATE : error;
            });
          const response = respond(toStored(row));
          if (idempotency) {
            await tx
              .insertInto('idempotency_keys')
              .values({
                key: idempotency.key,
                request_hash: idempotency.requestHash,
                status: response.status,
                body: JSON.stringify(response.body),
                created_at: now.toISOString(),
              })
              .execute();
          }
          return { kind: 'created', ...response };
        });
      } catch (error) {
        if (error === DUPLICATE) return { kind: 'duplicate' };
        throw error;
      }
    },

    async list({ article, status, limit, order, after }) {
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
    },

    async setStatus(id, status) {
      const result = await db.updateTable('replies').set({ status }).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n ? getReply(db, id) : undefined;
    },

    remove: (id) =>
      db.transaction().execute(async (tx) => {
        const reply = await getReply(tx, id);
        if (!reply) return false;
        await tx.updateTable('replies').set({ parent_id: reply.parent }).where('parent_id', '=', id).execute();
        await tx.deleteFrom('replies').where('id', '=', id).execute();
        return true;
      }),

    close: () => db.destroy(),
  };
}
