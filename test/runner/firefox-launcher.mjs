// Firefox for web-test-runner, robust to WebDriver BiDi commands the installed Firefox does not know.
//
// @web/test-runner-puppeteer drives Firefox with puppeteer over WebDriver BiDi. Before each test file
// web-test-runner calls `page.setViewport({ width: 800, height: 600 })`. Puppeteer 25 implements that
// with two commands sent together: `browsingContext.setViewport` (every Firefox ESR since 128 knows
// it) and `emulation.setScreenOrientationOverride` (Firefox 144 and later only). Debian 12 serves
// Firefox ESR 140 to some machines: there the second command fails with
//   ProtocolError: Protocol error (emulation.setScreenOrientationOverride): unknown command …
// and so every test file errors before it runs (puppeteer/puppeteer#14989, #14391).
//
// This launcher gives web-test-runner pages whose setViewport tolerates "unknown command": it then
// sets the viewport size alone (the command that ESR knows) and carries on; no test here depends on the
// screen orientation. Any other error still fails the test file.
import { puppeteerLauncher } from '@web/test-runner-puppeteer';

const UNKNOWN_COMMAND = /\bunknown command\b|UnknownCommandError/i;

/** True for the error puppeteer raises when the browser does not implement a WebDriver BiDi command. */
export function isUnknownCommand(error) {
  if (!error || typeof error !== 'object') return false;
  return UNKNOWN_COMMAND.test(String(error.message ?? '')) || UNKNOWN_COMMAND.test(String(error.originalMessage ?? ''));
}

/** The BiDi command named in puppeteer's message "Protocol error (<command>): …", if any. */
export function commandOf(error) {
  return /Protocol error \(([\w.]+)\)/.exec(String(error?.message ?? ''))?.[1] ?? 'a WebDriver BiDi command';
}

/**
 * Wraps `page.setViewport` (in place) so an "unknown command" error does not fail the test file.
 * `warn` is called once per distinct command the browser did not know.
 */
export function tolerateUnknownCommands(page, { warn = (message) => console.warn(message), warned = new Set() } = {}) {
  if (page.__toleratesUnknownCommands) return page;
  const setViewport = page.setViewport.bind(page);
  page.setViewport = async (viewport) => {
    try {
      return await setViewport(viewport);
    } catch (error) {
      if (!isUnknownCommand(error)) throw error;
      const command = commandOf(error);
      if (!warned.has(command)) {
        warned.add(command);
        warn(`Firefox does not know ${command} (older than puppeteer expects): setting the viewport size without it.`);
      }
      await viewportSizeOnly(page, viewport);
    }
  };
  page.__toleratesUnknownCommands = true;
  return page;
}

// Puppeteer sent both commands at once and rejected on the first failure, so browsingContext.setViewport
// may still be in flight. Send it again on its own and wait for it (it is idempotent). Reaches into
// puppeteer's BiDi frame (`mainFrame().browsingContext`); if that is not there, or the browser does not
// know that command either, the page keeps its window size, which the tests here do not depend on.
async function viewportSizeOnly(page, viewport) {
  const context = page.mainFrame?.()?.browsingContext;
  if (typeof context?.setViewport !== 'function') return;
  const size = viewport?.width && viewport?.height ? { width: viewport.width, height: viewport.height } : null;
  try {
    await context.setViewport({ viewport: size, devicePixelRatio: viewport?.deviceScaleFactor || null });
  } catch (error) {
    if (!isUnknownCommand(error)) throw error;
  }
}

/**
 * Makes a puppeteer BiDi connection send `commands` under a name no Firefox knows, so that Firefox
 * itself answers "unknown command" for them, as an older Firefox ESR does. For checking the fallback on
 * a newer Firefox (FIREFOX_PRETEND_UNKNOWN in web-test-runner.config.mjs, and the runner self-tests).
 */
export function pretendUnknown(connection, commands) {
  if (!commands.length || connection.__pretendsUnknown) return;
  const send = connection.send.bind(connection);
  connection.send = (method, params, timeout) => send(commands.includes(method) ? `${method}NotInThisFirefox` : method, params, timeout);
  connection.__pretendsUnknown = true;
}

/**
 * Like `puppeteerLauncher({ launchOptions })` from @web/test-runner-puppeteer, for Firefox, with pages
 * whose setViewport tolerates unknown commands. `pretendUnknownCommands`: see pretendUnknown.
 */
export function firefoxLauncher({ launchOptions = {}, concurrency, warn, pretendUnknownCommands = [] } = {}) {
  const warned = new Set();
  return puppeteerLauncher({
    launchOptions: { browser: 'firefox', ...launchOptions },
    concurrency,
    createPage: async ({ browser, context }) => {
      if (pretendUnknownCommands.length) pretendUnknown(browser.connection, pretendUnknownCommands);
      return tolerateUnknownCommands(await context.newPage(), { warn, warned });
    },
  });
}
