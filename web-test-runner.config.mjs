// Browser tests run in real engines against web-test-runner's own HTTP server on 127.0.0.1.
// `test/fixture-server.mjs` adds routes that answer slowly, with errors or with wrong types,
// so loaders and elements are tested against real responses, never a stubbed fetch.
import { createServer } from 'node:net';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { fixtureRoutes } from './test/fixture-server.mjs';
import { faultServer } from './test/fault-server.mjs';
import { replyServer } from './test/reply-server.mjs';
import { ssrServer } from './test/ssr-server.mjs';

const engine = process.env.ENGINE ?? 'chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

async function browsers() {
  if (engine === 'firefox') {
    // puppeteer over WebDriver BiDi, tolerant of the BiDi commands an older Firefox ESR does not know
    // (test/runner/firefox-launcher.mjs says which and why).
    const { firefoxLauncher } = await import('./test/runner/firefox-launcher.mjs');
    return [firefoxLauncher({
      // e.g. FIREFOX_PRETEND_UNKNOWN=emulation.setScreenOrientationOverride: Firefox answers "unknown
      // command" to it, as ESR 140 does, to see the fallback work on a newer Firefox.
      pretendUnknownCommands: (process.env.FIREFOX_PRETEND_UNKNOWN ?? '').split(',').filter(Boolean),
      launchOptions: {
        executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true,
        // Test files run side by side, one tab in the background: Firefox would clamp its timers to 1 s
        // (waitUntil polls, axe checks, "let images fail" waits), and long files then time out.
        extraPrefsFirefox: {
          'dom.min_background_timeout_value': 4,
          'dom.min_background_timeout_value_without_budget_throttling': 4,
          'dom.timeout.enable_budget_timer_throttling': false,
        },
      },
    })];
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

// wtr would take the first free port from 8000 up: two runs starting together (two engines, two
// people on one machine) both pick 8000 and one dies with EADDRINUSE. Ask the system for a free port,
// on every interface as wtr listens (for hostname 127.0.0.1 it binds no host).
const freePort = () => new Promise((resolve, reject) => {
  const probe = createServer().once('error', reject).listen(0, () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

// `npm test` (scripts/test.mjs) sets WTR_SUMMARY_FILE and counts from that JSON: every test file asked
// for, and which of them passed, failed or errored.
async function reporters() {
  if (!process.env.WTR_SUMMARY_FILE) return [defaultReporter()];
  const { summaryFileReporter } = await import('./test/runner/wtr-summary-reporter.mjs');
  return [defaultReporter(), summaryFileReporter({ file: process.env.WTR_SUMMARY_FILE })];
}

export default {
  files: ['src/**/*.test.ts', 'test/**/*.test.ts', '!test/server/**', '!test/e2e/**', '!test/runner/**'],
  hostname: '127.0.0.1',
  port: Number(process.env.WTR_PORT) || await freePort(),
  nodeResolve: true,
  concurrency: engine === 'webkit' ? 1 : 2,
  middleware: [fixtureRoutes, faultServer, replyServer, ssrServer],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: await browsers(),
  reporters: await reporters(),
  coverageConfig: { include: ['src/**/*.ts'] },
  testFramework: { config: { timeout: 10000 } },
};
