// Counting for `npm test` (scripts/test.mjs): what each step passed and failed, and the closing table.
// Pure functions, tested by test/runner/test-report.test.mjs.
//
// The rule throughout: a step that did not pass never counts 0 failed. Tests that failed count one
// each; a test file that errored without a failing test (a load error, a browser that would not open a
// page, a crash, a timeout) or was never reported counts one; a step that exited non-zero with nothing
// else to show for it counts one.

/** A step with no tests of its own (type check, build, size budgets): 1 passed or 1 failed. */
export function checkCounts(code) {
  return code === 0 ? { passed: 1, failed: 0, note: '' } : { passed: 0, failed: 1, note: exitNote(code) };
}

/**
 * node --test, from its TAP output (the summary comments at the end: "# pass N", "# fail N",
 * "# cancelled N"). `files` is how many test files it was given: if it died before its summary,
 * each of them counts as failed.
 */
export function nodeTestCounts(tap, code, files) {
  const last = (name) => {
    const all = [...String(tap ?? '').matchAll(new RegExp(`^# ${name} (\\d+)\\s*$`, 'gm'))];
    return all.length ? Number(all.at(-1)[1]) : undefined;
  };
  const pass = last('pass');
  const fail = last('fail');
  const cancelled = last('cancelled') ?? 0;
  const skipped = (last('skipped') ?? 0) + (last('todo') ?? 0);
  if (pass === undefined && fail === undefined) {
    if (code === 0 && files === 0) return { passed: 0, failed: 0, note: 'no test files' };
    return { passed: 0, failed: Math.max(files, 1), note: `${exitNote(code)}, no test summary: ${files} file(s) counted as failed` };
  }
  let failed = (fail ?? 0) + cancelled;
  const notes = [];
  if (cancelled) notes.push(`${cancelled} cancelled`);
  if (skipped) notes.push(`${skipped} skipped`);
  if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`${exitNote(code)} with no failing test`);
  }
  return { passed: pass ?? 0, failed, note: notes.join('; ') };
}

/**
 * web-test-runner, from the JSON that test/runner/wtr-summary-reporter.mjs wrote (null if it wrote
 * nothing: wtr died before starting). `fallbackFiles` is how many browser test files there are, for
 * that case.
 */
export function wtrCounts(summary, code, fallbackFiles = 1) {
  if (!summary || !Array.isArray(summary.files)) {
    const failed = Math.max(fallbackFiles, 1);
    return { passed: 0, failed, note: `${exitNote(code)}, web-test-runner reported nothing: ${failed} file(s) counted as failed` };
  }
  // One session per test file and browser; keyed by file alone if the browsers are unknown.
  const browsers = summary.browsers?.length ? summary.browsers : [undefined];
  const key = (file, browser) => (browsers[0] === undefined ? file : `${file}\u0000${browser}`);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let errored = 0;
  let missing = 0;
  const seen = new Set();
  for (const s of summary.sessions ?? []) {
    seen.add(key(s.file, s.browser));
    const t = s.tests ?? { passed: 0, failed: 0, skipped: 0 };
    passed += t.passed;
    failed += t.failed;
    skipped += t.skipped;
    if (!s.passed && t.failed === 0) errored += 1;
  }
  for (const file of summary.files) {
    for (const browser of browsers) if (!seen.has(key(file, browser))) missing += 1;
  }
  failed += errored + missing;
  const notes = [];
  if (errored) notes.push(`${errored} file(s) errored`);
  if (missing) notes.push(`${missing} file(s) not reported`);
  if (skipped) notes.push(`${skipped} skipped`);
  if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`${exitNote(code)} with no failing test`);
  }
  return { passed, failed, note: notes.join('; ') };
}

export function exitNote(code) {
  if (code === 'timeout') return 'timed out';
  if (code === null || code === undefined) return 'killed';
  return typeof code === 'number' ? `exit ${code}` : String(code);
}

/** The per-step table and the closing line ("N passed, N failed", alone on the last line). */
export function formatSummary(steps) {
  const passed = steps.reduce((n, s) => n + s.passed, 0);
  const failed = steps.reduce((n, s) => n + s.failed, 0);
  const width = Math.max(4, ...steps.map((s) => s.name.length));
  const row = (name, p, f, secs, mark, note) =>
    `${mark} ${name.padEnd(width)}  ${String(p).padStart(6)}  ${String(f).padStart(6)}  ${String(secs).padStart(7)}${note ? `  ${note}` : ''}`;
  const lines = [row('step', 'passed', 'failed', 'seconds', ' ', '')];
  for (const s of steps) lines.push(row(s.name, s.passed, s.failed, s.seconds.toFixed(1), s.failed ? '✘' : '✓', s.note));
  lines.push('', `${passed} passed, ${failed} failed`);
  return { passed, failed, text: lines.join('\n') };
}
