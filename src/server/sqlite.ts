import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStore, StoreUnavailableError, type Database, type ReplyStore } from './store.js';

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

/**
 * A reply store on the SQLite file `file`, migrated and ready.
 *
 * An open SQLite connection keeps writing to its file even after the file (or the whole data
 * folder) was deleted or replaced: every reply acknowledged after that would be lost on restart.
 * So before each write the store compares the file's device and inode with those it opened, one
 * `stat` (microseconds); when they differ it logs one line and refuses writes with
 * `StoreUnavailableError` (the server answers 503) until restarted. Reads keep working.
 */
export async function openSqliteStore(file: string): Promise<ReplyStore> {
  const sqlite = openSqlite(file);
  const opened = statSync(file, { bigint: true });
  const store = await createKyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }));
  let reported = false;
  const writable = () => {
    const now = statSync(file, { bigint: true, throwIfNoEntry: false });
    if (now?.dev === opened.dev && now.ino === opened.ino) return;
    const what = now ? 'replaced' : 'deleted';
    if (!reported) {
      reported = true;
      console.error(`replies: ${file} was ${what} while the server was running; refusing new replies (503) until restart`);
    }
    throw new StoreUnavailableError(`${file} was ${what}`);
  };
  return {
    ...store,
    async post(attempt) {
      writable();
      return store.post(attempt);
    },
    async setStatus(id, status) {
      writable();
      return store.setStatus(id, status);
    },
    async remove(id) {
      writable();
      return store.remove(id);
    },
  };
}
