import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStore, type Database, type ReplyStore } from './store.js';

/**
 * Opens (creating if needed) the SQLite file the server keeps replies in.
 * WAL lets readers work while a reply is being written; `synchronous=FULL` makes every commit
 * reach the disk before the reader is told "posted", so an acknowledged reply survives a crash or
 * power loss (WAL's usual NORMAL would only protect against application crashes).
 */
export function openSqlite(file: string): SQLite.Database {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Wait instead of failing at once if another process (a backup, the sqlite3 shell) holds the lock.
  db.pragma('busy_timeout = 5000');
  return db;
}

/** A reply store on the SQLite file `file`, migrated and ready. */
export function openSqliteStore(file: string): Promise<ReplyStore> {
  return createKyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }) }));
}
