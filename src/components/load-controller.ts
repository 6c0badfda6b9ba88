import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LoadError } from '../data/errors.js';

/** Where a load stands, as in Lit's `Task`: `initial` (never run), `pending`, `complete`, `error`. */
export type LoadStatus = 'initial' | 'pending' | 'complete' | 'error';

export interface LoadControllerConfig<A extends readonly unknown[], T> {
  /** Does the work for `args`; must stop when `signal` aborts. */
  task: (args: A, options: { signal: AbortSignal }) => Promise<T>;
  /** A run started (the previous one, if any, was aborted). */
  onPending?: (args: A) => void;
  /** A run finished and is still the latest one. */
  onComplete?: (value: T, args: A) => unknown;
  /** A run failed and is still the latest one; anything thrown arrives as a `LoadError`. */
  onError?: (error: LoadError, args: A) => unknown;
}

/**
 * The load lifecycle every element that fetches shares, in the shape of Lit's `Task` (`@lit/task`:
 * arguments in, an `AbortSignal`, `pending / complete / error`), written here because the element
 * flows need only `run` and `abort`, and `@lit/task` would add 1 KB gzip to every page's first load.
 *
 * A new run aborts the one in flight, and only the latest run's result or error reaches the host,
 * so an older response never replaces a newer one. Disconnecting the host aborts a run in flight;
 * reconnecting runs it again with the same arguments.
 */
export class LoadController<A extends readonly unknown[], T> implements ReactiveController {
  status: LoadStatus = 'initial';

  readonly #host: ReactiveControllerHost;
  readonly #config: LoadControllerConfig<A, T>;
  #abortController: AbortController | null = null;
  #args: A | null = null;
  /** Counts runs and aborts: a settled run whose number is no longer current is void. */
  #call = 0;
  /** Arguments of a run that a disconnect aborted, to run again on reconnect. */
  #interrupted: A | null = null;

  constructor(host: ReactiveControllerHost, config: LoadControllerConfig<A, T>) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  /** The latest run's arguments (`null` before the first run). */
  get args(): A | null {
    return this.#args;
  }

  /** A run is in flight. */
  get running(): boolean {
    return this.#abortController !== null;
  }

  /** Runs the task with `args`, aborting (and voiding) any run in flight. */
  async run(...args: A): Promise<void> {
    this.abort();
    const call = this.#call;
    const controller = (this.#abortController = new AbortController());
    this.#args = args;
    this.status = 'pending';
    this.#config.onPending?.(args);
    this.#host.requestUpdate();
    let value: T | undefined;
    let error: LoadError | null = null;
    try {
      value = await this.#config.task(args, { signal: controller.signal });
    } catch (caught) {
      // Anything a task throws reaches the host as the one error type elements show and report.
      error = caught instanceof LoadError ? caught : new LoadError('network', String(caught), { cause: caught });
    }
    if (call !== this.#call) return;
    this.#abortController = null;
    // The host keeps what it shows (the value, the error); the controller only says where the run stands.
    this.status = error ? 'error' : 'complete';
    this.#host.requestUpdate();
    await (error ? this.#config.onError?.(error, args) : this.#config.onComplete?.(value as T, args));
  }

  /** Runs again with the latest arguments (a Retry button). */
  rerun(): Promise<void> | undefined {
    return this.#args ? this.run(...this.#args) : undefined;
  }

  /** Aborts the run in flight, if any; its result is dropped. The status stays as it was. */
  abort(): void {
    this.#abortController?.abort();
    this.#abortController = null;
    this.#interrupted = null;
    this.#call++;
  }

  hostConnected(): void {
    const args = this.#interrupted;
    if (args) void this.run(...args);
  }

  hostDisconnected(): void {
    if (!this.running) return;
    const args = this.#args;
    this.abort();
    this.#interrupted = args;
  }
}
