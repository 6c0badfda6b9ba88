// A web-test-runner reporter that writes what `scripts/test.mjs` counts, as JSON, to `file`:
// the test files wtr was asked to run (written at start, so a run that dies midway still says what it
// should have run) and, per finished test file, its tests passed/failed/skipped and its errors.
// It prints nothing: the default reporter still does the talking.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export function countTests(suite) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const walk = (s) => {
    for (const t of s?.tests ?? []) {
      if (t.skipped) counts.skipped += 1;
      else if (t.passed) counts.passed += 1;
      else counts.failed += 1;
    }
    for (const child of s?.suites ?? []) walk(child);
  };
  walk(suite);
  return counts;
}

export function summaryFileReporter({ file, cwd = process.cwd() }) {
  const rel = (f) => relative(cwd, f);
  let summary = { finished: false, files: [], browsers: [], sessions: [] };
  const write = () => writeFileSync(file, JSON.stringify(summary, null, 2));
  const collect = (sessions) =>
    [...sessions]
      .filter((s) => s.status === 'FINISHED')
      .map((s) => ({
        file: rel(s.testFile),
        browser: s.browser?.name,
        passed: s.passed === true,
        tests: s.testResults ? countTests(s.testResults) : null,
        errors: (s.errors ?? []).map((e) => String(e?.message ?? e).split('\n')[0]),
      }));
  return {
    start({ testFiles, browserNames }) {
      summary = { finished: false, files: testFiles.map(rel), browsers: browserNames, sessions: [] };
      write();
    },
    onTestRunFinished({ sessions }) {
      summary.sessions = collect(sessions);
      write();
    },
    stop({ sessions }) {
      summary.sessions = collect(sessions);
      summary.finished = true;
      write();
    },
  };
}
