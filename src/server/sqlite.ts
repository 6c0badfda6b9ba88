import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import { createKyselyStore, StoreUnavailableError, type Database, type ReplyStore } from './store.js';

/**
 * How long (ms) a statement waits for a write lock another process holds before SQLITE_BUSY.
 * better-sqlite3 is synchronous: while SQLite waits, the whole process waits, every request with
 * it. So the wait is short and the store retries a few times with pauses in between (store.ts),
 * then answers 503 with Retry-After: a backup or a shell holding the lock costs one post a 503
 * within half a second, and every other request goes on being served.
 */
export const BUSY_TIMEOUT_MS = 50;

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
  // Wait a moment instead of failing at once if another process holds the lock (see BUSY_TIMEOUT_MS).
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/**
 * Kysely's SQLite driver with `BEGIN IMMEDIATE` transactions: the write lock is taken (or waited
 * for) when the transaction starts, not when its first write finds that another process wrote
 * since its first read (SQLITE_BUSY_SNAPSHOT, which no waiting can cure). And no `ROLLBACK` when
 * SQLite already rolled the transaction back itself (SQLITE_FULL, some I/O errors): it would fail
 * and hide the error that explains why.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.sqlite);
  }
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
  const store = await createKyselyStore(new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) }));
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
