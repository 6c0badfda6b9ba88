// Small statistics and formatting helpers shared by the bench sections.

/** Median of the finite numbers in `values` (null when there are none). */
export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile `p` (0-100) of the finite numbers in `values` (null when there are none). */
export function percentile(values, p) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * xs.length));
  return xs[Math.min(rank, xs.length) - 1];
}

export const max = (values) => {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return xs.length ? Math.max(...xs) : null;
};

/** a / b rounded to 2 decimals, or null when either is missing. */
export function ratio(a, b) {
  if (a == null || b == null || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}

export const round = (v, digits = 1) => (v == null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** Milliseconds for a table cell. */
export const ms = (v) => (v == null ? '–' : v >= 100 ? String(Math.round(v)) : v.toFixed(1));
/** A ratio for a table cell. */
export const x = (v) => (v == null ? '–' : `${v.toFixed(2)}×`);
/** Bytes for a table cell. */
export const bytes = (v) => (v == null ? '–' : String(v));
/** Bytes as KB (1000) for a table cell. */
export const kb = (v) => (v == null ? '–' : `${(v / 1000).toFixed(1)} KB`);
/** Requests per second for a table cell. */
export const rps = (v) => (v == null ? '–' : String(Math.round(v)));

/**
 * A table as aligned plain text (for the terminal) and as Markdown (for the README).
 * `align`: one 'l' or 'r' per column.
 */
export function table(headers, rows, align = headers.map((_, i) => (i ? 'r' : 'l'))) {
  const cells = rows.map((r) => r.map((c) => (c == null ? '–' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const pad = (s, i) => (align[i] === 'r' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const text = [headers.map(pad).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((r) => r.map(pad).join('  '))].join(
    '\n',
  );
  const esc = (s) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  const markdown = [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : ':---')).join(' | ')} |`,
    ...cells.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
  return { text, markdown };
}
