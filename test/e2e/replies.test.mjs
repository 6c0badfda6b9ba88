// End to end, as a newcomer would: the real server (npm start's, on a temporary SQLite file) and
// the built demo, driven in Chromium by playwright-core. Post a reply, see it held for moderation,
// approve it through the admin API, reload, see it listed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { readShared, SEED_PAGE } from '../helpers/shared.mjs';

const root = new URL('../..', import.meta.url).pathname;
const token = 'e2e-admin-token-of-at-least-32-characters';
let server;
let base;
let browser;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aw-e2e-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: token, MODERATION: 'hold' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const match = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match) resolve(match[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

const admin = (path, method = 'GET') =>
  fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}` } }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

test('a newcomer posts a reply on the seed article, a moderator approves it, it appears', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/demo/`);
  const article = page.locator('#main-article');
  await article.locator('h1').waitFor();
  assert.match(await article.locator('h1').textContent(), /Digital Sovereignty/);

  const form = article.locator('reply-form');
  await form.getByRole('textbox', { name: 'Comment' }).fill('Sovereignty and cooperation are not opposites.');
  await form.getByRole('textbox', { name: 'Name' }).fill('Newcomer');
  await form.getByRole('textbox', { name: 'Email' }).fill('newcomer@example.com');
  await form.getByRole('button', { name: 'Post Comment' }).click();
  await form.getByText('Your comment is awaiting moderation.').waitFor();

  const pending = await admin('/api/admin/replies?status=pending');
  assert.equal(pending.status, 200);
  const mine = pending.body.replies.find((r) => r.name === 'Newcomer');
  assert.ok(mine, 'the reply is held for moderation');
  const publicList = await fetch(`${base}/api/articles/digital-sovereignty/replies`).then((r) => r.json());
  assert.equal(publicList.replies.length, 0, 'a held reply is not public');

  const approved = await admin(`/api/admin/replies/${mine.id}/approve`, 'POST');
  assert.equal(approved.status, 200);

  await page.reload();
  const list = page.locator('#main-article reply-list');
  await list.getByText('Sovereignty and cooperation are not opposites.').waitFor();
  await list.getByText('Newcomer').first().waitFor();
  assert.deepEqual(errors, []);
});

test('a page with only the script tag and the element shows every seed paragraph, unharmed by the host CSS', async () => {
  const seed = readShared(SEED_PAGE)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const body = seed.slice(
    2,
    seed.findIndex((p) => p.startsWith('Written by:')),
  );
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/demo/minimal.html`);
  const view = page.locator('article-view');
  await view.locator('h1').waitFor();
  const shown = await view.evaluate((el) =>
    [...el.shadowRoot.querySelectorAll('[part~="body"] > p')].map((p) => ({
      text: p.textContent,
      visible: p.getBoundingClientRect().height > 0,
    })),
  );
  assert.deepEqual(
    shown.map((p) => p.text),
    body,
  );
  assert.ok(
    shown.every((p) => p.visible),
    "every paragraph is visible despite the host page's p { display: none }",
  );
  const style = await view.locator('h1').evaluate((h1) => ({ color: getComputedStyle(h1).color, font: getComputedStyle(h1).fontFamily }));
  assert.notEqual(style.color, 'rgb(255, 0, 0)');
  assert.match(style.font, /Courier New/);
  assert.deepEqual(errors, []);
});
