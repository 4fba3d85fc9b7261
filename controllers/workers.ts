/**
 * Worker loops over a WorkQueue, following controller-runtime's reconcileHandler
 * (pkg/internal/controller/controller.go): the queue, backoff and requeue policy belong to the
 * runtime, so a reconciler is one function that converges one key and says when to look again.
 */
import type { Clock } from "./clock.js";
import type { WorkQueue } from "./workqueue.js";

export interface ReconcileResult {
  /** Look at this key again after this many ms (polling a rollout, steady-state interval). */
  requeueAfterMs?: number;
}

/**
 * Converges one key. signal fires when shutdown's grace period runs out: stop and return.
 * Returning nothing (a plain `async () => {}`) means done until the next add.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: void is the point: `async () => {}` must be a valid Reconcile.
export type Reconcile = (key: string, signal: AbortSignal) => Promise<ReconcileResult | void>;

/** Thrown by a reconcile that retrying cannot fix (e.g. an invalid spec): reported, not requeued. */
export class TerminalError extends Error {
  override readonly name = "TerminalError";
}

export interface RunWorkersOptions {
  queue: WorkQueue;
  /** Concurrent loops. Safe for any count: the queue never hands one key to two loops. */
  workers: number;
  reconcile: Reconcile;
  /** Told about every failed reconcile (for logs and metrics); what it throws is ignored. */
  onError?: (key: string, error: unknown) => void;
  /** Times the stop grace period. Default: the queue's clock. */
  clock?: Clock;
}

export interface StopResult {
  /** The grace period ran out and the abort signal fired. */
  timedOut: boolean;
  /** Keys whose reconcile had not settled when the signal fired; their loops left without waiting. */
  abandonedKeys: string[];
}

export interface WorkersHandle {
  /**
   * Shuts the queue down and lets in-flight reconciles finish; keys still queued are dropped, which
   * is safe because reconciliation is level-based and the next start re-lists. After timeoutMs the
   * abort signal fires and loops stop waiting for their reconcile. Infinity waits forever.
   * Calling it again returns the same promise.
   */
  stop(timeoutMs: number): Promise<StopResult>;
  /** Resolves once every loop has exited (after stop, or when someone else shuts the queue down). */
  readonly stopped: Promise<void>;
}

const ABORTED = Symbol("aborted");

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function runWorkers(options: RunWorkersOptions): WorkersHandle {
  const { queue, reconcile, onError } = options;
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new RangeError(`workers must be a positive integer, got ${options.workers}`);
  }
  const clock = options.clock ?? queue.clock;
  const abort = new AbortController();
  /**
   * The work, or ABORTED once the grace period runs out. The abort listener is removed as soon as the
   * work settles: racing against one long-lived "aborted" promise would leave a reaction on it for
   * every key ever processed, a leak that grows with every resync.
   */
  const untilAborted = <T>(work: Promise<T>): Promise<T | typeof ABORTED> => {
    if (abort.signal.aborted) return Promise.resolve(ABORTED);
    return new Promise((resolve) => {
      const onAbort = () => resolve(ABORTED);
      abort.signal.addEventListener("abort", onAbort, { once: true });
      void work.then((value) => {
        abort.signal.removeEventListener("abort", onAbort);
        resolve(value);
      });
    });
  };
  const abandonedKeys: string[] = [];
  let stopping = false;

  const report = (key: string, error: unknown) => {
    try {
      onError?.(key, error);
    } catch {
      // A failing error hook must not kill the loop.
    }
  };

  const processKey = async (key: string) => {
    const outcome = await untilAborted(settle(() => reconcile(key, abort.signal)));
    if (outcome === ABORTED) {
      abandonedKeys.push(key);
      return;
    }
    if (!outcome.ok) {
      report(key, outcome.error);
      if (outcome.error instanceof TerminalError) queue.forget(key);
      else queue.addRateLimited(key);
      return;
    }
    // Success resets the backoff even when polling again (controller-runtime does the same).
    queue.forget(key);
    const requeueAfterMs = outcome.value?.requeueAfterMs;
    if (requeueAfterMs !== undefined && requeueAfterMs > 0) queue.addAfter(key, requeueAfterMs);
  };

  const loop = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        if (stopping) return; // queued before stop: dropped
        await processKey(key);
      } finally {
        queue.done(key);
      }
    }
  };

  const stopped = Promise.all(Array.from({ length: options.workers }, loop)).then(() => undefined);

  let stopResult: Promise<StopResult> | undefined;
  const stop = (timeoutMs: number) => {
    stopResult ??= (async () => {
      stopping = true;
      queue.shutDown();
      let timedOut = false;
      const timer = Number.isFinite(timeoutMs)
        ? clock.setTimeout(() => {
            timedOut = true;
            abort.abort(new Error(`workers did not finish within ${timeoutMs} ms of stop`));
          }, timeoutMs)
        : undefined;
      await stopped;
      if (timer !== undefined) clock.clearTimeout(timer);
      return { timedOut, abandonedKeys: [...abandonedKeys] };
    })();
    return stopResult;
  };

  return { stop, stopped };
}

/** Never rejects, also when fn throws synchronously. */
async function settle<T>(fn: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}
