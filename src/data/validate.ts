import type * as z from 'zod/mini';

/** One problem found in a document, with the path where it was found (`body[3].text`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Formats a zod path as a reader writes it: `body[3].text`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * zod/mini ships no locale, so messages are written here, short and in the
 * `path: expected X` form the error states and events carry.
 */
function message(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const found = valueAt(input, issue.path);
      return found === undefined ? `required ${issue.expected}` : `expected ${issue.expected}, received ${describe(found)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? `expected one of ${issue.options.map((v) => JSON.stringify(v)).join(', ')}`
        : 'matches none of the allowed shapes';
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${String(issue.maximum)} characters` : `must be at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return `expected ${issue.format === 'datetime' ? 'an ISO 8601 date-time' : issue.format}`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : issue.code.replace(/_/g, ' ');
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Turns zod issues into path-named issues. */
export function toIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ValidationIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: message(issue, input) }));
}
