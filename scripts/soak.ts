/**
 * `npm run soak`: the controller against moto_server for 1,000 resync cycles over 100 services,
 * printing heap and RSS every 100 cycles. Memory must stay flat. Not part of `npm test`.
 *
 *   npm run soak [-- --cycles 1000 --services 100]
 *
 * It runs the same pieces as `ecs-reconciler run` in-process (controller runtime, continuous
 * reconciler, AWS layer, metrics) so that it can count cycles and force a GC before each reading.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { Registry } from "prom-client";
import { startController } from "../controllers/manager.js";
import { AwsApi } from "../reconcilers/aws/api.js";
import { ContinuousReconciler } from "../reconcilers/continuous.js";
import { ResourceMetrics } from "../reconcilers/metrics.js";
import { DEFAULT_OPTIONS } from "../reconcilers/reconciler.js";
import { MOTO_INSTALL_HINT, motoAvailable, startMoto } from "../test/support/moto.js";

const { values } = parseArgs({
  options: { cycles: { type: "string", default: "1000" }, services: { type: "string", default: "100" } },
});
const CYCLES = Number(values.cycles);
const SERVICES = Number(values.services);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run soak does)");
if (!motoAvailable()) throw new Error(`moto_server is needed: ${MOTO_INSTALL_HINT}`);

function manifests(dir: string): void {
  const docs = [`apiVersion: ecs-reconciler.io/v1alpha1\nkind: Cluster\nmetadata: {name: soak}\nspec: {}`];
  for (let f = 0; f < 5; f++)
    docs.push(`apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: app-${f}}
spec:
  containerDefinitions:
    - {name: app, image: "nginx:1.27", memory: 128, environment: [{name: N, value: "${f}"}]}`);
  for (let i = 0; i < SERVICES; i++)
    docs.push(`apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: svc-${i}, cluster: soak}
spec: {taskDefinition: app-${i % 5}, desiredCount: 1, launchType: EC2}`);
  writeFileSync(join(dir, "soak.yaml"), docs.join("\n---\n"));
}

const moto = await startMoto({ MOTO_ECS_SERVICE_RUNNING: "1" });
Object.assign(process.env, moto.env);
const dir = mkdtempSync(join(tmpdir(), "ecs-reconciler-soak-"));
manifests(dir);

const registry = new Registry();
const metrics = new ResourceMetrics(registry, "soak");
const api = new AwsApi({ registry, rateShare: 1000 });
const logger = pino({ level: "warn" });
const loop = new ContinuousReconciler({
  paths: [dir],
  api,
  metrics,
  options: DEFAULT_OPTIONS,
  logger,
  progressingRequeueMs: 3_600_000,
});
loop.reload();

let cycles = 0;
let done!: () => void;
const finished = new Promise<void>((r) => {
  done = r;
});
const started = Date.now();
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(`soak: ${SERVICES} services, ${CYCLES} resync cycles against ${moto.endpoint}`);
console.log("cycle  heapUsed(MB)  rss(MB)  elapsed(s)  AWS requests");

const ctl = await startController({
  name: "soak",
  workers: 4,
  resyncIntervalMs: 1,
  shutdownTimeoutMs: 30_000,
  registry,
  logger,
  listKeys: async () => {
    const keys = await loop.listKeys();
    cycles++;
    if (cycles % 100 === 0 || cycles === 1) {
      gc();
      const m = process.memoryUsage();
      const requests = (await registry.getSingleMetric("ecs_reconciler_aws_requests_total")!.get()).values.reduce(
        (s, v) => s + v.value,
        0,
      );
      console.log(
        `${String(cycles).padStart(5)}  ${mb(m.heapUsed).padStart(12)}  ${mb(m.rss).padStart(7)}  ${((Date.now() - started) / 1000).toFixed(0).padStart(10)}  ${requests}`,
      );
    }
    if (cycles >= CYCLES) done();
    return keys;
  },
  reconcile: (key, signal) => loop.reconcileKey(key, signal),
});
await finished;
await ctl.stop();
await moto.stop();
process.exit(0);
