// Browser tests run in real engines against web-test-runner's own HTTP server on 127.0.0.1.
// `test/fixture-server.mjs` adds routes that answer slowly, with errors or with wrong types,
// so loaders and elements are tested against real responses, never a stubbed fetch.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner';
import { fixtureRoutes } from './test/fixture-server.mjs';
import { replyServer } from './test/reply-server.mjs';
import { ssrServer } from './test/ssr-server.mjs';

const engine = process.env.ENGINE ?? 'chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

async function browsers() {
  if (engine === 'firefox') {
    const { puppeteerLauncher } = await import('@web/test-runner-puppeteer');
    return [puppeteerLauncher({ launchOptions: { browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true,
      // Test files run side by side, one tab in the background: Firefox would clamp its timers to 1 s
      // (waitUntil polls, axe checks, "let images fail" waits), and long files then time out.
      extraPrefsFirefox: {
        'dom.min_background_timeout_value': 4,
        'dom.min_background_timeout_value_without_budget_throttling': 4,
        'dom.timeout.enable_budget_timer_throttling': false,
      } } })];
  }
  if (engine === 'webkit') {
    const { webdriverLauncher } = await import('@web/test-runner-webdriver');
    return [webdriverLauncher({ automationProtocol: 'webdriver', hostname: '127.0.0.1',
      port: Number(process.env.WEBKIT_WEBDRIVER_PORT ?? 4444), path: '/', logLevel: 'warn',
      capabilities: { browserName: 'MiniBrowser', 'wdio:enforceWebDriverClassic': true } })];
  }
  return [chromeLauncher({ launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true, args: chromiumArgs } })];
}

export default {
  files: ['src/**/*.test.ts', 'test/**/*.test.ts', '!test/server/**', '!test/e2e/**'],
  hostname: '127.0.0.1',
  nodeResolve: true,
  concurrency: engine === 'webkit' ? 1 : 2,
  middleware: [fixtureRoutes, replyServer, ssrServer],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: await browsers(),
  coverageConfig: { include: ['src/**/*.ts'] },
  testFramework: { config: { timeout: 10000 } },
};
