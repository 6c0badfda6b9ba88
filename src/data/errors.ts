import type { ValidationIssue } from './validate.js';

/** Why a load failed; stable strings a page can switch on. */
export type LoadErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'content-type'
  | 'too-large'
  | 'parse'
  | 'schema'
  | 'format'
  | 'aborted';

/**
 * A failed load, typed so an element can show it and a page can react to it.
 * `message` is written for a reader; `kind`, `status` and `issues` are for code.
 */
export class LoadError extends Error {
  override readonly name = 'LoadError';
  constructor(
    readonly kind: LoadErrorKind,
    message: string,
    readonly details: { url?: string; status?: number; issues?: ValidationIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
  }
  get url(): string | undefined {
    return this.details.url;
  }
  get status(): number | undefined {
    return this.details.status;
  }
  get issues(): ValidationIssue[] {
    return this.details.issues ?? [];
  }
}
