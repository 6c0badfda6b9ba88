/**
 * The server's settings (config.ts) and main.ts as an operator starts it: refused settings, the IP
 * hash key kept in the data folder, what the start banner prints, and `/healthz` over real HTTP.
 * Run: node --import tsx --test test/server/config.test.ts
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dataDirSecret, loadConfig } from '../../src/server/config.js';
import { POSTGRES_URL, testDatabaseUrl } from './helpers.js';

const LONG_TOKEN = 'a'.repeat(32);

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'article-widgets-config-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('loadConfig', () => {
  test('refuses an ADMIN_TOKEN shorter than 32 characters, or with white space, saying why', () => {
    assert.throws(() => loadConfig({ ADMIN_TOKEN: 'a'.repeat(31) }), /ADMIN_TOKEN must be at least 32 characters, got 31/);
    assert.throws(() => loadConfig({ ADMIN_TOKEN: `${LONG_TOKEN}\n` }), /ADMIN_TOKEN must not contain white space/);
    assert.throws(() => loadConfig({ ADMIN_TOKEN: `${'a'.repeat(20)} ${'b'.repeat(20)}` }), /white space/);
    const given = loadConfig({ ADMIN_TOKEN: LONG_TOKEN });
    assert.equal(given.adminToken, LONG_TOKEN);
    assert.equal(given.adminTokenGenerated, false);
  });

  test('generates a 32-character token when ADMIN_TOKEN is unset or empty', () => {
    for (const env of [{}, { ADMIN_TOKEN: '' }]) {
      const config = loadConfig(env);
      assert.equal(config.adminTokenGenerated, true);
      assert.ok(config.adminToken.length >= 32 && !/\s/.test(config.adminToken));
    }
  });

  test('SECRET must be at least 32 characters; unset, it is left to the data folder', () => {
    assert.throws(() => loadConfig({ SECRET: 'short' }), /SECRET must be at least 32 characters/);
    assert.equal(loadConfig({ SECRET: LONG_TOKEN }).secret, LONG_TOKEN);
    assert.equal(loadConfig({}).secret, null);
  });

  test('TRUST_PROXY, PROXY_HEADER and the limits are read and checked', () => {
    const config = loadConfig({
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
      PROXY_HEADER: 'Forwarded',
      MAX_PENDING_PER_ARTICLE: '5',
      MAX_CONNECTIONS: '100',
      MAX_CONNECTIONS_PER_CLIENT: '10',
    });
    assert.equal(config.trustProxy.header, 'forwarded');
    assert.ok(config.trustProxy.trusts('10.1.1.1', 0));
    assert.deepEqual([config.maxPendingPerArticle, config.maxConnections, config.maxConnectionsPerClient], [5, 100, 10]);
    const defaults = loadConfig({});
    assert.equal(defaults.trustProxy.trusts('127.0.0.1', 0), false);
    assert.deepEqual([defaults.maxPendingPerArticle, defaults.maxConnections, defaults.maxConnectionsPerClient], [200, 10_000, 256]);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /TRUST_PROXY is a hop count/);
    assert.throws(() => loadConfig({ PROXY_HEADER: 'x-real-ip' }), /PROXY_HEADER must be/);
    assert.throws(() => loadConfig({ MAX_CONNECTIONS: '0' }), /MAX_CONNECTIONS must be a whole number/);
    assert.throws(() => loadConfig({ MAX_PENDING_PER_ARTICLE: '-1' }), /MAX_PENDING_PER_ARTICLE/);
  });
});

describe('dataDirSecret', () => {
  test('creates DATA_DIR/secret once (mode 0600) and reads the same key afterwards', () => {
    const dataDir = mkdtempSync(join(root, 'data-'));
    const first = dataDirSecret(dataDir);
    assert.equal(first.created, true);
    assert.ok(first.secret.length >= 32);
    assert.equal(statSync(first.file).mode & 0o777, 0o600);
    const second = dataDirSecret(dataDir);
    assert.deepEqual(second, { ...first, created: false });
  });

  test('refuses a kept key that is too short rather than hashing with it', () => {
    const dataDir = mkdtempSync(join(root, 'data-'));
    writeFileSync(join(dataDir, 'secret'), 'short\n');
    assert.throws(() => dataDirSecret(dataDir), /fewer than 32 characters/);
  });
});

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO, 'src/server/main.ts');

interface Started {
  base: string;
  banner: string;
  stop(): Promise<void>;
}

/** Runs main.ts on a free port with `env`, until its banner is printed; stopped (SIGTERM) after the test. */
async function runMain(t: TestContext, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  t.after(stop);
  const deadline = Date.now() + 30_000;
  while (!/approve one:.*\n/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`main.ts did not start: ${out}${err}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const base = /server on (http:\/\/[^/\s]+)\//.exec(out)![1]!;
  return { base, banner: out, stop };
}

/** main.ts's store for `dataDir`: SQLite in it, or a database of its own when the suite runs on PostgreSQL. */
const storeEnv = async (dataDir: string): Promise<Record<string, string>> =>
  POSTGRES_URL ? { DATA_DIR: dataDir, DATABASE_URL: await testDatabaseUrl(dataDir) } : { DATA_DIR: dataDir };

describe('main.ts', () => {
  test('refuses to start with a short ADMIN_TOKEN, printing the reason and no stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: REPO,
      env: { PATH: process.env.PATH, ADMIN_TOKEN: 'secret', DATA_DIR: join(root, 'never') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(err, /^article-widgets: ADMIN_TOKEN must be at least 32 characters/);
    assert.doesNotMatch(err, /\n\s+at /);
  });

  test('a given ADMIN_TOKEN is never printed; the secret is made once in DATA_DIR and kept; /healthz answers', async (t) => {
    const dataDir = mkdtempSync(join(root, 'data-'));
    const token = `given-${'x'.repeat(30)}`;
    const first = await runMain(t, { ...(await storeEnv(dataDir)), ADMIN_TOKEN: token });
    assert.ok(!first.banner.includes(token), first.banner);
    assert.match(first.banner, /Authorization: Bearer \$ADMIN_TOKEN/);
    assert.match(first.banner, /secret \(created now\)/);
    const secret = readFileSync(join(dataDir, 'secret'), 'utf8');
    assert.equal(statSync(join(dataDir, 'secret')).mode & 0o777, 0o600);

    const health = await fetch(`${first.base}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await health.json(), { ok: true });
    const admin = await fetch(`${first.base}/api/admin/replies`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(admin.status, 200);
    await first.stop();

    const second = await runMain(t, { ...(await storeEnv(dataDir)), ADMIN_TOKEN: token });
    assert.doesNotMatch(second.banner, /created now/);
    assert.equal(readFileSync(join(dataDir, 'secret'), 'utf8'), secret);
  });

  test('a generated ADMIN_TOKEN is printed, ready to paste; with SECRET set no file is made', async (t) => {
    const dataDir = mkdtempSync(join(root, 'data-'));
    const { base, banner } = await runMain(t, { ...(await storeEnv(dataDir)), SECRET: 's'.repeat(40) });
    const token = /Authorization: Bearer (\S+)"/.exec(banner)?.[1];
    assert.ok(token && token !== '$ADMIN_TOKEN', banner);
    assert.match(banner, /ADMIN_TOKEN was not set; generated one/);
    assert.match(banner, /IP hash key: SECRET/);
    assert.throws(() => statSync(join(dataDir, 'secret')), /ENOENT/);
    const admin = await fetch(`${base}/api/admin/replies`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(admin.status, 200);
  });
});
