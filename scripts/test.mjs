// npm test: everything CI checks, in order, on the machine it runs on.
//   type check → build → size budgets → server tests (node) → browser tests in Chromium,
//   Firefox ESR and WebKitGTK (web-test-runner) → end-to-end (playwright-core + the real server).
// Stops at the first failing step. Prints one closing line: "N passed, N failed".
// `npm test -- --engines=chromium` runs one engine (a quick local loop).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const engines = (arg('engines') ?? 'chromium,firefox,webkit').split(',');

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const needs = {
  chromium: [[process.env.CHROME_PATH ?? '/usr/bin/chromium', 'chromium']],
  firefox: [[process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', 'firefox-esr']],
  webkit: [['WebKitWebDriver', 'webkit2gtk-driver'], ['xvfb-run', 'xvfb xauth']],
};
const missing = engines.flatMap((e) => (needs[e] ?? []).filter(([bin]) => !(bin.startsWith('/') ? existsSync(bin) : which(bin))).map(([, pkg]) => pkg));
if (missing.length) {
  console.error(`These browsers or tools are missing: ${missing.join(', ')}.`);
  console.error(`Install them (Debian/Ubuntu) with:\n  sudo apt-get update && sudo apt-get install -y ${[...new Set(missing)].join(' ')}`);
  console.error('or run a subset: npm test -- --engines=chromium');
  process.exit(1);
}

let passed = 0;
let failed = 0;
const counts = (text) => {
  // web-test-runner: "| 123 passed, 0 failed"; node --test: "# pass 25" / "# fail 0"
  const wtr = [...text.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  if (wtr) return [Number(wtr[1]), Number(wtr[2])];
  const p = /# pass (\d+)/.exec(text);
  const f = /# fail (\d+)/.exec(text);
  return p ? [Number(p[1]), Number(f?.[1] ?? 0)] : [0, 0];
};

function run(name, cmd, args, env = {}) {
  console.log(`\n━━ ${name}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => {
      const [p, f] = counts(out);
      passed += p;
      failed += f;
      if (code !== 0) {
        console.error(`\n✘ ${name} failed (exit ${code})`);
        console.log(`\n${passed} passed, ${Math.max(failed, 1)} failed`);
        process.exit(1);
      }
      resolve();
    });
  });
}

await run('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
await run('build', 'node', ['scripts/build.mjs']);
await run('size budgets', 'node', ['scripts/size.mjs']);
// Node 20's test runner takes files, not folders or globs.
const testFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.test\.(ts|mjs)$/.test(f)).map((f) => `${dir}/${f}`) : []);
await run('server tests (node, real HTTP + SQLite)', 'node', ['--import', 'tsx', '--test', '--test-reporter=tap', ...testFiles('test/server')]);

for (const engine of engines) {
  if (engine === 'webkit') {
    // WebKitWebDriver launches MiniBrowser, which needs an X display: both run under xvfb-run.
    await run('browser tests: WebKitGTK', 'xvfb-run', ['-a', 'node', 'scripts/with-webkit-driver.mjs', 'npx', 'wtr'], { ENGINE: 'webkit' });
  } else {
    await run(`browser tests: ${engine === 'firefox' ? 'Firefox ESR' : 'Chromium'}`, 'npx', ['wtr'], { ENGINE: engine });
  }
}
const e2e = testFiles('test/e2e');
if (e2e.length) await run('end-to-end (playwright-core, real server)', 'node', ['--import', 'tsx', '--test', '--test-reporter=tap', ...e2e]);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
