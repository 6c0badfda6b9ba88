// The Firefox launcher's fallback for WebDriver BiDi commands an older Firefox ESR does not know
// (test/runner/firefox-launcher.mjs). Fake pages first (no browser), then the installed Firefox made
// to answer "unknown command" itself, through puppeteer's real setViewport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import puppeteer, { ProtocolError, TimeoutError } from 'puppeteer';
import { firefoxLauncher, isUnknownCommand, pretendUnknown, tolerateUnknownCommands } from './firefox-launcher.mjs';

// What puppeteer 25 rejects with on Firefox ESR 140 (puppeteer/puppeteer#14989).
const esr140Error = () => {
  const error = new ProtocolError(
    'Protocol error (emulation.setScreenOrientationOverride): unknown command emulation.setScreenOrientationOverride ' +
      'RemoteError@chrome://remote/content/shared/RemoteError.sys.mjs:8:8\n' +
      'UnknownCommandError@chrome://remote/content/shared/webdriver/Errors.sys.mjs:893:5',
  );
  error.originalMessage = 'unknown command: emulation.setScreenOrientationOverride';
  return error;
};

function fakePage({ setViewportError, contextError } = {}) {
  const calls = { setViewport: [], contextSetViewport: [] };
  const page = {
    calls,
    async setViewport(viewport) {
      calls.setViewport.push(viewport);
      if (setViewportError) throw setViewportError;
    },
    mainFrame: () => ({
      browsingContext: {
        async setViewport(options) {
          calls.contextSetViewport.push(options);
          if (contextError) throw contextError;
        },
      },
    }),
  };
  return page;
}

test('recognises the unknown-command error and nothing else', () => {
  assert.equal(isUnknownCommand(esr140Error()), true);
  assert.equal(isUnknownCommand(new Error('UnknownCommandError: emulation.setTouchOverride')), true);
  assert.equal(isUnknownCommand(new ProtocolError('Protocol error (browsingContext.setViewport): invalid argument width')), false);
  assert.equal(isUnknownCommand(new TimeoutError('Navigation timeout of 30000 ms exceeded')), false);
  assert.equal(isUnknownCommand(undefined), false);
  assert.equal(isUnknownCommand('unknown command'), false);
});

test('setViewport that hits an unknown command sets the size alone, warns once, and resolves', async () => {
  const warnings = [];
  const warn = (m) => warnings.push(m);
  const warned = new Set();
  const page = tolerateUnknownCommands(fakePage({ setViewportError: esr140Error() }), { warn, warned });
  await page.setViewport({ width: 800, height: 600 });
  await page.setViewport({ width: 800, height: 600 });
  assert.deepEqual(page.calls.setViewport, [
    { width: 800, height: 600 },
    { width: 800, height: 600 },
  ]);
  assert.deepEqual(page.calls.contextSetViewport, [
    { viewport: { width: 800, height: 600 }, devicePixelRatio: null },
    { viewport: { width: 800, height: 600 }, devicePixelRatio: null },
  ]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /emulation\.setScreenOrientationOverride/);
  // A second page of the same launcher shares the warning set: still one warning.
  await tolerateUnknownCommands(fakePage({ setViewportError: esr140Error() }), { warn, warned }).setViewport({ width: 1, height: 1 });
  assert.equal(warnings.length, 1);
});

test('carries on when the size-only command is unknown too, or the page has no BiDi frame', async () => {
  const quiet = () => {};
  const both = tolerateUnknownCommands(fakePage({ setViewportError: esr140Error(), contextError: esr140Error() }), { warn: quiet });
  await both.setViewport({ width: 800, height: 600 });
  const noFrame = tolerateUnknownCommands(
    {
      setViewport: async () => {
        throw esr140Error();
      },
    },
    { warn: quiet },
  );
  await noFrame.setViewport({ width: 800, height: 600 });
});

test('any other error still fails', async () => {
  const invalid = new ProtocolError('Protocol error (browsingContext.setViewport): invalid argument');
  const page = tolerateUnknownCommands(fakePage({ setViewportError: invalid }), { warn: () => assert.fail('no warning') });
  await assert.rejects(page.setViewport({ width: 800, height: 600 }), invalid);
  assert.equal(page.calls.contextSetViewport.length, 0);
  const sizeFails = new Error('context discarded');
  const page2 = tolerateUnknownCommands(fakePage({ setViewportError: esr140Error(), contextError: sizeFails }), { warn: () => {} });
  await assert.rejects(page2.setViewport({ width: 800, height: 600 }), sizeFails);
});

test('a page that works is left alone; wrapping twice wraps once', async () => {
  const page = fakePage();
  const wrapped = tolerateUnknownCommands(tolerateUnknownCommands(page, { warn: () => assert.fail('no warning') }));
  await wrapped.setViewport({ width: 800, height: 600 });
  assert.equal(page.calls.setViewport.length, 1);
  assert.equal(page.calls.contextSetViewport.length, 0);
});

test('the launcher is a puppeteer Firefox launcher whose pages are wrapped', async () => {
  const launcher = firefoxLauncher({ launchOptions: { executablePath: '/nonexistent' }, warn: () => {} });
  assert.equal(launcher.name, 'Firefox');
  assert.equal(launcher.launchOptions.browser, 'firefox');
  // web-test-runner's ChromeLauncher makes its pages through createPageFn (@web/test-runner-chrome 1.0.1).
  assert.equal(typeof launcher.createPageFn, 'function');
  const raw = fakePage({ setViewportError: esr140Error() });
  const page = await launcher.createPageFn({ browser: {}, context: { newPage: async () => raw } });
  await page.setViewport({ width: 800, height: 600 });
  assert.equal(raw.calls.contextSetViewport.length, 1);
});

const firefox = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const skipFirefox =
  process.env.RUNNER_FIREFOX === '0' ? 'Firefox is not among the engines of this run' : !existsSync(firefox) && `no ${firefox}`;
test('in the installed Firefox, told to answer "unknown command" as ESR 140 does', { skip: skipFirefox, timeout: 120000 }, async () => {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true });
  try {
    const page = await browser.newPage();
    pretendUnknown(browser.connection, ['emulation.setScreenOrientationOverride']);
    // Unwrapped, puppeteer's own setViewport fails the way it does on ESR 140 …
    await assert.rejects(page.setViewport({ width: 640, height: 480 }), (e) => e instanceof ProtocolError && isUnknownCommand(e));
    // … wrapped, it sets the size and carries on.
    const warnings = [];
    tolerateUnknownCommands(page, { warn: (m) => warnings.push(m) });
    await page.setViewport({ width: 800, height: 600 });
    await page.goto('data:text/html,<p>hello</p>');
    assert.deepEqual(await page.evaluate(() => [globalThis.innerWidth, globalThis.innerHeight]), [800, 600]);
    assert.equal(warnings.length, 1);
  } finally {
    await browser.close();
  }
});
