import { randomBytes } from 'node:crypto';

export type Moderation = 'hold' | 'publish';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://…` to keep replies in PostgreSQL; unset: the SQLite file `replies.sqlite` in `dataDir`. */
  databaseUrl: string | null;
  contentDir: string;
  adminToken: string;
  /** True when no ADMIN_TOKEN was given and one was generated for this run. */
  adminTokenGenerated: boolean;
  allowedOrigins: string[];
  moderation: Moderation;
}

/** Reads the server's settings from the environment; throws with a readable message when one is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const port = Number(env.PORT || 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got "${env.PORT}"`);
  const moderation = env.MODERATION || 'hold';
  if (moderation !== 'hold' && moderation !== 'publish') {
    throw new Error(`MODERATION must be "hold" or "publish", got "${moderation}"`);
  }
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of allowedOrigins) {
    // Origins are compared exactly, so a trailing slash or path would silently never match.
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`ALLOWED_ORIGINS entries look like https://example.com, got "${origin}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(
      `DATABASE_URL must be a postgres:// URL (unset: SQLite in DATA_DIR), got "${databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}"`,
    );
  }
  const adminToken = env.ADMIN_TOKEN?.trim() || '';
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: env.DATA_DIR || './data',
    databaseUrl,
    contentDir: env.CONTENT_DIR || './demo/articles',
    adminToken: adminToken || randomBytes(24).toString('base64url'),
    adminTokenGenerated: !adminToken,
    allowedOrigins,
    moderation,
  };
}
