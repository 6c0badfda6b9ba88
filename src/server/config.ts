import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrustProxy, type ProxyHeader, type ProxyTrust } from './client-ip.js';

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
  /** Which peers' forwarded headers are believed (`TRUST_PROXY`, `PROXY_HEADER`); default: none. */
  trustProxy: ProxyTrust;
  /** `SECRET`: the key of the stored IP hashes; null: the one kept in `DATA_DIR/secret` (see `dataDirSecret`). */
  secret: string | null;
  /** New replies to an article with this many pending get 429 `moderation_queue_full`; 0: no cap. */
  maxPendingPerArticle: number;
  /** Open connections the server holds at most (`server.maxConnections`). */
  maxConnections: number;
  /** Open connections one client (an IPv4 address or an IPv6 /64) holds at most; trusted proxies are not counted. */
  maxConnectionsPerClient: number;
}

/** Shortest `ADMIN_TOKEN` and `SECRET` accepted: 32 characters (a generated token is 32 of base64url, 192 bits). */
export const MIN_SECRET_LENGTH = 32;

/** A whole number from `env[name]`, `fallback` when unset or empty; throws when out of `min`-`max`. */
function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new Error(`${name} must be a whole number ${min}-${max}, got "${env[name]}"`);
  return value;
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
  // Checked as given, untrimmed: a token with a stray space or newline would never match what curl sends.
  const adminToken = env.ADMIN_TOKEN ?? '';
  if (adminToken && /\s/.test(adminToken)) throw new Error('ADMIN_TOKEN must not contain white space (a stray newline or space?)');
  if (adminToken && adminToken.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `ADMIN_TOKEN must be at least ${MIN_SECRET_LENGTH} characters, got ${adminToken.length}; make one with: openssl rand -hex 32`,
    );
  }
  const secret = env.SECRET ?? '';
  if (secret && secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `SECRET must be at least ${MIN_SECRET_LENGTH} characters, got ${secret.length} (unset: one is kept in DATA_DIR/secret)`,
    );
  }
  const proxyHeader = (env.PROXY_HEADER?.trim().toLowerCase() || 'x-forwarded-for') as ProxyHeader;
  if (proxyHeader !== 'x-forwarded-for' && proxyHeader !== 'forwarded') {
    throw new Error(`PROXY_HEADER must be "x-forwarded-for" or "forwarded", got "${env.PROXY_HEADER}"`);
  }
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
    trustProxy: parseTrustProxy(env.TRUST_PROXY, proxyHeader),
    secret: secret || null,
    maxPendingPerArticle: integer(env, 'MAX_PENDING_PER_ARTICLE', 200, 0, 1_000_000),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxConnectionsPerClient: integer(env, 'MAX_CONNECTIONS_PER_CLIENT', 256, 1, 1_000_000),
  };
}

/**
 * The IP hash key kept in `dataDir/secret` when `SECRET` is unset: created on first start (random,
 * mode 0600, never overwritten), read on every start after. Several server processes on one database
 * must share one key (set `SECRET`), or each counts a sender apart.
 */
export function dataDirSecret(dataDir: string): { secret: string; file: string; created: boolean } {
  const file = join(dataDir, 'secret');
  const read = () => {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`${file} holds fewer than ${MIN_SECRET_LENGTH} characters; set SECRET, or delete the file to have a new one made`);
    }
    return { secret, file, created: false };
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    // `wx`: never replaces a file, so two processes starting at once end up reading the same key.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw error;
  }
  return { secret, file, created: true };
}
