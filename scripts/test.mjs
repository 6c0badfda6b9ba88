// npm test: everything CI checks, on the machine it runs on.
//   format check (Prettier) → lint (ESLint) → type check → build → size budgets → server tests (node, on SQLite and on a throwaway PostgreSQL) → runner self-tests (node) → browser tests
//   in Chromium, Firefox ESR and WebKitGTK (web-test-runner) → end-to-end (playwright-core + the real server).
// Every step runs even when an earlier one failed (size budgets and end-to-end need the build: if it
// failed they are not run and count as failed). Prints the versions it tests with, a table per step and
// one closing line "N passed, N failed"; exits 1 if anything failed. Counting: scripts/test-report.mjs.
// `npm test -- --engines=chromium` runs one engine (a quick local loop).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBin } from './postgres.mjs';
import { checkCounts, nodeTestCounts, wtrCounts, formatSummary } from './test-report.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ENGINES = ['chromium', 'firefox', 'webkit'];
const engines = (arg('engines') ?? ENGINES.join(','))
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);
const unknown = engines.filter((e) => !ENGINES.includes(e));
if (unknown.length) {
  console.error(
    `Unknown engine(s): ${unknown.join(', ')}. Choose from: ${ENGINES.join(', ')} (e.g. npm test -- --engines=chromium,firefox).`,
  );
  process.exit(2);
}
// A step that hangs is stopped (its whole process group) and counts as failed.
const stepTimeoutMs = Number(process.env.TEST_STEP_TIMEOUT_S ?? 1200) * 1000;
const work = mkdtempSync(join(tmpdir(), 'npm-test-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// ── browsers: what is missing, and which versions run ──────────────────────────────────────────────
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const needs = {
  chromium: [[chromePath, 'chromium']],
  firefox: [[firefoxPath, 'firefox-esr']],
  webkit: [
    ['WebKitWebDriver', 'webkit2gtk-driver'],
    ['xvfb-run', 'xvfb xauth'],
  ],
};
const missingFor = (engine) =>
  (needs[engine] ?? []).filter(([bin]) => !(bin.startsWith('/') ? existsSync(bin) : which(bin))).map(([, pkg]) => pkg);
const missing = [...new Set(engines.flatMap(missingFor))];
const installHint = () => {
  console.error(`These browsers or tools are missing: ${missing.join(', ')}.`);
  console.error(`Install them (Debian/Ubuntu) with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  console.error('or run a subset: npm test -- --engines=chromium');
};

const firstLine = (cmd, args, pattern) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20000 });
  return (r.stdout ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => pattern.test(l));
};
// Oldest versions Debian 12 has served this project and the runner is known to handle.
const oldest = { chromium: 140, firefox: 128, webkit: [2, 44] };
function browserVersion(engine) {
  if (engine === 'chromium') {
    const line = firstLine(chromePath, ['--version'], /^(Chromium|Google Chrome) \d/);
    const major = Number(/ (\d+)\./.exec(line ?? '')?.[1]);
    return { line: line ?? `unknown (${chromePath} --version said nothing)`, old: major < oldest.chromium };
  }
  if (engine === 'firefox') {
    const line = firstLine(firefoxPath, ['--version'], /Firefox \d/);
    const major = Number(/Firefox (\d+)/.exec(line ?? '')?.[1]);
    return { line: line ?? `unknown (${firefoxPath} --version said nothing)`, old: major < oldest.firefox };
  }
  // WebKitWebDriver has no --version: ask the package manager for the library it drives.
  for (const pkg of ['libwebkit2gtk-4.1-0', 'libwebkitgtk-6.0-4', 'libwebkit2gtk-4.0-37']) {
    const v = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
    if (v.status === 0 && v.stdout.trim()) {
      const [maj, min] = v.stdout.trim().split(/[.-]/).map(Number);
      const old = maj < oldest.webkit[0] || (maj === oldest.webkit[0] && min < oldest.webkit[1]);
      return { line: `WebKitGTK ${v.stdout.trim()} (${pkg}), driven by WebKitWebDriver`, old };
    }
  }
  return { line: 'WebKitGTK, version unknown (dpkg-query found no libwebkit2gtk package)', old: false };
}
const engineName = { chromium: 'Chromium', firefox: 'Firefox ESR', webkit: 'WebKitGTK' };
const versions = [`Node ${process.version}`];

// ── running a step ─────────────────────────────────────────────────────────────────────────────────
const steps = [];
let active;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (active) killGroup(active);
    process.exit(130);
  });
}
function killGroup(child, sig = 'SIGTERM') {
  try {
    process.kill(-child.pid, sig);
  } catch {
    // already gone
  }
}

function exec(cmd, args, env = {}) {
  return new Promise((resolve) => {
    // Its own process group, so a timeout stops everything it started (browsers, Xvfb, servers).
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    active = child;
    let out = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n✘ no result after ${stepTimeoutMs / 1000} s: stopping it`);
      killGroup(child);
      setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
    }, stepTimeoutMs);
    const done = (code) => {
      clearTimeout(timer);
      active = undefined;
      resolve({ code: timedOut ? 'timeout' : code, out });
    };
    child.on('error', (error) => {
      out += String(error);
      console.error(error.message);
      done(`could not start ${cmd}: ${error.code ?? error.message}`);
    });
    child.on('close', (code, signal) => done(code ?? `killed by ${signal}`));
  });
}

async function step(name, fn) {
  console.log(`\n━━ ${name}`);
  const start = performance.now();
  let counts;
  try {
    counts = await fn();
  } catch (error) {
    console.error(error);
    counts = { passed: 0, failed: 1, note: `the runner failed: ${error?.message ?? error}` };
  }
  const { passed, failed, note = '' } = counts;
  const seconds = (performance.now() - start) / 1000;
  steps.push({ name, passed, failed, seconds, note });
  if (failed) console.error(`\n✘ ${name}: ${failed} failed${note ? ` (${note})` : ''}`);
  return failed === 0;
}
const skipped = (name, failed, why) => {
  console.log(`\n━━ ${name}\n✘ not run: ${why}`);
  steps.push({ name, passed: 0, failed, seconds: 0, note: `not run: ${why}` });
};

const check = (cmd, args) => async () => checkCounts((await exec(cmd, args)).code);

// Node 20's test runner takes files, not folders or globs. Readable output on the terminal, TAP
// (whose closing "# pass N / # fail N" is what counts) in a file.
const testFiles = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.test\.(ts|mjs)$/.test(f))
        .sort()
        .map((f) => `${dir}/${f}`)
    : [];
let tapRuns = 0;
const nodeTests =
  (files, imports = [], env = {}, wrapper = []) =>
  async () => {
    const tap = join(work, `node-${++tapRuns}.tap`);
    const { code } = await exec(
      'node',
      [
        ...wrapper,
        ...(wrapper.length ? ['node'] : []),
        ...imports,
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      env,
    );
    return nodeTestCounts(existsSync(tap) ? readFileSync(tap, 'utf8') : '', code, files.length);
  };

// Browser test files, only for the case where web-test-runner dies before saying what it would run.
const browserTestFiles = () =>
  ['src', 'test'].flatMap((dir) =>
    readdirSync(dir, { recursive: true })
      .map((f) => `${dir}/${f}`)
      .filter((f) => f.endsWith('.test.ts') && !/^test\/(server|e2e|runner)\//.test(f)),
  ).length;

const wtr = (engine) => async () => {
  const { line, old } = browserVersion(engine);
  versions.push(line);
  console.log(`▸ version: ${line}`);
  if (old)
    console.warn(
      `  (older than the oldest this project is checked against: Chromium ${oldest.chromium}, Firefox ESR ${oldest.firefox}, WebKitGTK ${oldest.webkit.join('.')})`,
    );
  const summaryFile = join(work, `wtr-${engine}.json`);
  const env = { ENGINE: engine, WTR_SUMMARY_FILE: summaryFile };
  // WebKitWebDriver launches MiniBrowser, which needs an X display: both run under xvfb-run.
  const { code } =
    engine === 'webkit'
      ? await exec('xvfb-run', ['-a', 'node', 'scripts/with-webkit-driver.mjs', 'npx', 'wtr'], env)
      : await exec('npx', ['wtr'], env);
  let summary = null;
  try {
    summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch {
    // wtr died before its reporter started
  }
  return wtrCounts(summary, code, browserTestFiles());
};

// ── the steps ──────────────────────────────────────────────────────────────────────────────────────
console.log(`npm test on ${process.platform}/${process.arch}; engines: ${engines.join(', ')}\n▸ version: Node ${process.version}`);
if (missing.length) installHint();

await step('format check (prettier)', check('npx', ['prettier', '--check', '--log-level=warn', 'src', 'test', 'scripts', 'bench']));
await step('lint (eslint)', check('npx', ['eslint', 'src', 'test', 'scripts', 'bench']));
await step('type check', check('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']));
const built = await step('build', check('node', ['scripts/build.mjs']));
if (built) await step('size budgets', check('node', ['scripts/size.mjs']));
else skipped('size budgets', 1, 'the build failed');
await step('server tests (node, real HTTP + SQLite)', nodeTests(testFiles('test/server'), ['--import', 'tsx']));
// The same suite on PostgreSQL: a throwaway cluster started for the run (scripts/postgres.mjs).
if (postgresBin()) {
  await step(
    'server tests (node, real HTTP + PostgreSQL)',
    nodeTests(testFiles('test/server'), ['--import', 'tsx'], {}, ['scripts/postgres.mjs']),
  );
} else {
  skipped(
    'server tests (node, real HTTP + PostgreSQL)',
    testFiles('test/server').length,
    'PostgreSQL is not installed (sudo apt-get install -y postgresql); each test file counted as failed',
  );
}
// Includes one check in the installed Firefox: only when Firefox is among the engines.
await step(
  'runner self-tests (node)',
  nodeTests(testFiles('test/runner'), [], { RUNNER_FIREFOX: engines.includes('firefox') ? '1' : '0' }),
);

for (const engine of engines) {
  const name = `browser tests: ${engineName[engine]}`;
  const lacking = missingFor(engine);
  if (lacking.length) {
    versions.push(`${engineName[engine]}: not installed`);
    skipped(
      name,
      Math.max(browserTestFiles(), 1),
      `not installed (apt-get install -y ${lacking.join(' ')}); each test file counted as failed`,
    );
  } else {
    await step(name, wtr(engine));
  }
}

const e2e = testFiles('test/e2e');
if (e2e.length) {
  const name = 'end-to-end (playwright-core, real server)';
  if (built) await step(name, nodeTests(e2e, ['--import', 'tsx']));
  else skipped(name, e2e.length, 'the build failed; each test file counted as failed');
}

const { failed, text } = formatSummary(steps);
console.log(`\n━━ summary\nversions: ${versions.join(' · ')}`);
if (missing.length) installHint();
console.log(text);
process.exit(failed ? 1 : 0);
