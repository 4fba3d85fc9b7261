import type { FinalizeRequestMiddleware, MiddlewareStack, RelativeMiddlewareOptions } from "@smithy/types";
import type { AwsMetrics } from "./metrics.js";

/**
 * Error names the SDK retries as throttling but that are final for us: ECS's LimitExceededException
 * is a quota (too many revisions, task sets, tags), and retrying it only burns the bucket.
 */
export const FINAL_ERRORS = new Set(["LimitExceededException"]);

/** Carries a final error through the SDK's retry loop, which then gives up at once. */
export class NotRetriedError extends Error {
  constructor(readonly original: Error) {
    super(original.message);
    this.name = "NotRetried";
  }
}

const options: RelativeMiddlewareOptions = {
  name: "ecsReconcilerInstrumentation",
  relation: "after",
  toMiddleware: "retryMiddleware",
};

/**
 * Sits inside the SDK's retry middleware, so it sees every HTTP attempt: counts each one by outcome
 * (throttles that the retry absorbed stay visible) and stops the retry of final errors.
 */
export function instrumentClient(
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's stacks differ in their input/output types
  stack: MiddlewareStack<any, any>,
  service: string,
  metrics: AwsMetrics,
): void {
  const middleware: FinalizeRequestMiddleware<object, object> = (next, context) => async (args) => {
    const operation = String(context.commandName ?? "unknown").replace(/Command$/, "");
    const end = metrics.duration.startTimer({ service, operation });
    try {
      const out = await next(args);
      metrics.requests.inc({ service, operation, code: "OK" });
      return out;
    } catch (err) {
      const name = (err as Error)?.name || "Error";
      metrics.requests.inc({ service, operation, code: name });
      if (FINAL_ERRORS.has(name)) throw new NotRetriedError(err as Error);
      throw err;
    } finally {
      end();
    }
  };
  stack.addRelativeTo(middleware, options);
}
