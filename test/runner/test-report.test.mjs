// How `npm test` counts (scripts/test-report.mjs): never "0 failed" for a step that did not pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCounts, nodeTestCounts, wtrCounts, formatSummary } from '../../scripts/test-report.mjs';
import { countTests, summaryFileReporter } from './wtr-summary-reporter.mjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pick = ({ passed, failed }) => ({ passed, failed });

test('a check step is one passed or one failed', () => {
  assert.deepEqual(pick(checkCounts(0)), { passed: 1, failed: 0 });
  assert.deepEqual(pick(checkCounts(2)), { passed: 0, failed: 1 });
  assert.deepEqual(pick(checkCounts('timeout')), { passed: 0, failed: 1 });
});

// The tail of node 20's TAP reporter; a test's own output appears earlier as "# …" comments.
const tap = (pass, fail, cancelled = 0) =>
  `TAP version 13\n# pass 99 (printed by a test)\nok 1 - a\n1..1\n# tests ${pass + fail}\n# suites 0\n# pass ${pass}\n# fail ${fail}\n# cancelled ${cancelled}\n# skipped 0\n# todo 0\n# duration_ms 12.5\n`;

test('node --test: the closing summary, with cancelled counted as failed', () => {
  assert.deepEqual(pick(nodeTestCounts(tap(25, 0), 0, 2)), { passed: 25, failed: 0 });
  assert.deepEqual(pick(nodeTestCounts(tap(24, 1), 1, 2)), { passed: 24, failed: 1 });
  assert.deepEqual(pick(nodeTestCounts(tap(20, 0, 3), 1, 2)), { passed: 20, failed: 3 });
  assert.match(nodeTestCounts(tap(20, 0).replace('# skipped 0', '# skipped 1'), 0, 2).note, /1 skipped/);
});

test('node --test: a non-zero exit never counts 0 failed; no summary counts every file', () => {
  assert.deepEqual(pick(nodeTestCounts(tap(25, 0), 1, 2)), { passed: 25, failed: 1 });
  assert.deepEqual(pick(nodeTestCounts('', 1, 3)), { passed: 0, failed: 3 });
  assert.deepEqual(pick(nodeTestCounts('TAP version 13\n# Subtest: x\n', null, 2)), { passed: 0, failed: 2 });
  assert.deepEqual(pick(nodeTestCounts('', 'timeout', 0)), { passed: 0, failed: 1 });
});

const session = (file, { passed = 0, failed = 0, skipped = 0, ok = failed === 0, tests = true, errors = [] } = {}) => ({
  file,
  browser: 'Firefox',
  passed: ok,
  tests: tests ? { passed, failed, skipped } : null,
  errors,
});

test('wtr: tests passed and failed, from the sessions', () => {
  const summary = {
    files: ['a.test.ts', 'b.test.ts'],
    browsers: ['Firefox'],
    sessions: [session('a.test.ts', { passed: 10 }), session('b.test.ts', { passed: 4, failed: 2 })],
  };
  assert.deepEqual(pick(wtrCounts(summary, 1)), { passed: 14, failed: 2 });
  assert.deepEqual(
    pick(wtrCounts({ ...summary, sessions: [session('a.test.ts', { passed: 10 }), session('b.test.ts', { passed: 6 })] }, 0)),
    { passed: 16, failed: 0 },
  );
});

test('wtr: every test file errored (Firefox ESR 140 before the fix) counts every file, not 0', () => {
  const files = Array.from({ length: 12 }, (_, i) => `f${i}.test.ts`);
  const errors = ['Protocol error (emulation.setScreenOrientationOverride): unknown command'];
  const summary = { files, browsers: ['Firefox'], sessions: files.map((f) => session(f, { ok: false, tests: false, errors })) };
  const counts = wtrCounts(summary, 1);
  assert.deepEqual(pick(counts), { passed: 0, failed: 12 });
  assert.match(counts.note, /12 file\(s\) errored/);
});

test('wtr: files never reported (the run died midway) count as failed', () => {
  const summary = {
    files: ['a.test.ts', 'b.test.ts', 'c.test.ts'],
    browsers: ['WebKit'],
    sessions: [{ ...session('a.test.ts', { passed: 3 }), browser: 'WebKit' }],
  };
  assert.deepEqual(pick(wtrCounts(summary, null)), { passed: 3, failed: 2 });
});

test('wtr: a file with passing tests but an error (e.g. an uncaught error after the tests) counts one', () => {
  const summary = {
    files: ['a.test.ts'],
    browsers: ['Chromium'],
    sessions: [{ ...session('a.test.ts', { passed: 5, ok: false, errors: ['boom'] }), browser: 'Chromium' }],
  };
  assert.deepEqual(pick(wtrCounts(summary, 1)), { passed: 5, failed: 1 });
});

test('wtr: no summary at all counts the browser test files; a bare non-zero exit counts one', () => {
  assert.deepEqual(pick(wtrCounts(null, 1, 30)), { passed: 0, failed: 30 });
  assert.deepEqual(pick(wtrCounts(null, 1, 0)), { passed: 0, failed: 1 });
  const clean = {
    files: ['a.test.ts'],
    browsers: ['Chromium'],
    sessions: [{ ...session('a.test.ts', { passed: 5 }), browser: 'Chromium' }],
  };
  assert.deepEqual(pick(wtrCounts(clean, 1)), { passed: 5, failed: 1 });
});

test('the summary reporter writes the files it was asked for, then what each did', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wtr-summary-'));
  try {
    const file = join(dir, 's.json');
    const r = summaryFileReporter({ file, cwd: '/repo' });
    r.start({ testFiles: ['/repo/src/a.test.ts', '/repo/test/b.test.ts'], browserNames: ['Firefox'] });
    let written = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(written.files, ['src/a.test.ts', 'test/b.test.ts']);
    assert.deepEqual(pick(wtrCounts(written, null)), { passed: 0, failed: 2 });
    const suite = {
      name: '',
      tests: [{ name: 't1', passed: true, skipped: false }],
      suites: [
        {
          name: 's',
          suites: [],
          tests: [
            { name: 't2', passed: false, skipped: false },
            { name: 't3', passed: false, skipped: true },
          ],
        },
      ],
    };
    assert.deepEqual(countTests(suite), { passed: 1, failed: 1, skipped: 1 });
    r.stop({
      sessions: [
        {
          testFile: '/repo/src/a.test.ts',
          browser: { name: 'Firefox' },
          status: 'FINISHED',
          passed: false,
          testResults: suite,
          errors: [],
        },
        {
          testFile: '/repo/test/b.test.ts',
          browser: { name: 'Firefox' },
          status: 'FINISHED',
          passed: false,
          errors: [{ message: 'unknown command\nstack' }],
        },
      ],
    });
    written = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(written.finished, true);
    assert.deepEqual(written.sessions[1].errors, ['unknown command']);
    assert.deepEqual(pick(wtrCounts(written, 1)), { passed: 1, failed: 2 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the closing table ends with one line "N passed, N failed"', () => {
  const { passed, failed, text } = formatSummary([
    { name: 'type check', passed: 1, failed: 0, seconds: 3.21, note: '' },
    { name: 'browser tests: Firefox ESR', passed: 0, failed: 12, seconds: 9, note: '12 file(s) errored' },
  ]);
  assert.equal(passed, 1);
  assert.equal(failed, 12);
  const lines = text.split('\n');
  assert.equal(lines.at(-1), '1 passed, 12 failed');
  assert.match(lines[0], /step\s+passed\s+failed\s+seconds/);
  assert.match(text, /✘ browser tests: Firefox ESR\s+0\s+12\s+9\.0\s+12 file\(s\) errored/);
});
