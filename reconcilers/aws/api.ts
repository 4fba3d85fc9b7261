import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import type { Registry } from "prom-client";
import { instrumentClient, NotRetriedError } from "./instrument.js";
import { awsMetrics } from "./metrics.js";
import { CategoryRateLimiter, DEFAULT_RATE_SHARE } from "./rate-limiter.js";
import { categoryOf } from "./throttle-categories.js";

export interface AwsOptions {
  region?: string;
  /** Overrides AWS_ENDPOINT_URL(_ECS/_AUTO_SCALING) for both clients. */
  endpoint?: string;
  registry: Registry;
  /** Share of each throttle category's sustained rate this process may use (default 0.5). */
  rateShare?: number;
  maxAttempts?: number;
  /** Injected clients (tests: aws-sdk-client-mock). */
  ecs?: ECSClient;
  autoScaling?: AutoScalingClient;
  serviceDiscovery?: ServiceDiscoveryClient;
}

export type AwsService = "ecs" | "autoscaling" | "servicediscovery";

// biome-ignore lint/suspicious/noExplicitAny: a command of any SDK operation
type AnyCommand = { input: any; constructor: { name: string } };
type Sendable<C> = { send(command: C): Promise<unknown> };

/**
 * The one door to AWS. Every call is rate-limited per ECS throttle category, retried by the SDK in
 * adaptive mode, and counted per attempt (ecs_reconciler_aws_requests_total). Reconcilers never hold
 * an SDK client themselves.
 */
export class AwsApi {
  readonly ecsClient: ECSClient;
  readonly autoScalingClient: AutoScalingClient;
  readonly serviceDiscoveryClient: ServiceDiscoveryClient;
  private readonly limiter: CategoryRateLimiter;

  constructor(options: AwsOptions) {
    const metrics = awsMetrics(options.registry);
    const common = {
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      retryMode: "adaptive",
      maxAttempts: options.maxAttempts ?? 5,
    };
    this.ecsClient = options.ecs ?? new ECSClient(common);
    this.autoScalingClient = options.autoScaling ?? new AutoScalingClient(common);
    instrumentClient(this.ecsClient.middlewareStack, "ecs", metrics);
    this.serviceDiscoveryClient = options.serviceDiscovery ?? new ServiceDiscoveryClient(common);
    instrumentClient(this.autoScalingClient.middlewareStack, "autoscaling", metrics);
    instrumentClient(this.serviceDiscoveryClient.middlewareStack, "servicediscovery", metrics);
    this.limiter = new CategoryRateLimiter(options.rateShare ?? DEFAULT_RATE_SHARE);
  }

  /** Sends an ECS command through the limiter of its throttle category. */
  ecs<C extends AnyCommand>(command: C): Promise<Awaited<ReturnType<ECSClient["send"]>> & OutputOf<C>> {
    return this.send("ecs", this.ecsClient as unknown as Sendable<C>, command) as never;
  }

  autoscaling<C extends AnyCommand>(command: C): Promise<OutputOf<C>> {
    return this.send("autoscaling", this.autoScalingClient as unknown as Sendable<C>, command) as never;
  }

  /** Cloud Map: only to read Service Connect namespaces' ARNs by name. */
  servicediscovery<C extends AnyCommand>(command: C): Promise<OutputOf<C>> {
    return this.send("servicediscovery", this.serviceDiscoveryClient as unknown as Sendable<C>, command) as never;
  }

  private async send<C extends AnyCommand>(service: AwsService, client: Sendable<C>, command: C): Promise<unknown> {
    const operation = command.constructor.name.replace(/Command$/, "");
    try {
      return await this.limiter.schedule(categoryOf(service, operation), () => client.send(command));
    } catch (err) {
      throw err instanceof NotRetriedError ? err.original : err;
    }
  }
}

/** The output type of an SDK command, read off its `resolveMiddleware` handler. */
export type OutputOf<C> = C extends {
  resolveMiddleware: (...a: never[]) => (...b: never[]) => Promise<{ output: infer O }>;
}
  ? O
  : never;

export function errorName(err: unknown): string {
  return (err as { name?: string })?.name ?? "Error";
}
