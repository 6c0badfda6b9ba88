import { Kysely, PostgresDialect } from 'kysely';
import { createKyselyStore, type Database, type ReplyStore } from './store.js';

/**
 * A reply store on the PostgreSQL database at `url` (`postgres://user:pass@host:5432/db`), migrated
 * and ready: the same store, migrations and queries as on SQLite (Kysely's PostgreSQL dialect over
 * the `pg` driver). Several server processes can share it: idempotency keys, duplicates and the
 * flood limit are decided by the database, not by any one process.
 *
 * `pg` is loaded here, on demand, so a site on the SQLite default never needs it installed.
 */
export async function openPostgresStore(url: string, options: { maxConnections?: number } = {}): Promise<ReplyStore> {
  let pg: typeof import('pg');
  try {
    pg = (await import('pg')).default as unknown as typeof import('pg');
  } catch {
    throw new Error('DATABASE_URL names PostgreSQL, but the "pg" package is not installed: npm install pg');
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // A server that does not answer (a network partition, a failover) turns into a 503 after a
    // few seconds instead of a request that hangs: the store maps these errors (store.ts).
    connectionTimeoutMillis: 5000,
    // A row lock held that long is a stuck transaction elsewhere, not a post in progress.
    lock_timeout: 5000,
  });
  // An idle connection that the server drops (a restart, a failover) must not crash the process.
  pool.on('error', (error) => console.error(`replies: PostgreSQL connection lost: ${error.message}`));
  return createKyselyStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
}
