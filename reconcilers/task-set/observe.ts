import { DescribeTaskSetsCommand, type Service, type TaskSet } from "@aws-sdk/client-ecs";
import type { Manifest } from "../../manifests/types.js";
import { type AwsApi, errorName } from "../aws/api.js";
import { describeServicesBatched } from "../aws/readers.js";
import type { LiveSnapshot } from "../reconciler.js";
import type { ServiceLive } from "../service/observe.js";

export interface TaskSetLive {
  /** Undefined when the service does not exist (yet). */
  service?: Service;
  /** Every task set of the service, ours and others'. */
  taskSets: TaskSet[];
}

/**
 * The task sets of each service the manifests' TaskSets name: one DescribeTaskSets per service (it
 * takes no batch of services), the service itself from the snapshot when it is in the manifests.
 */
export async function observeTaskSets(
  api: AwsApi,
  manifests: Manifest<"TaskSet">[],
  snapshot: LiveSnapshot,
): Promise<Map<string, TaskSetLive>> {
  const out = new Map<string, TaskSetLive>();
  const byService = new Map<string, Manifest<"TaskSet">[]>();
  for (const m of manifests) {
    const id = `${m.metadata.cluster}/${m.spec.service}`;
    byService.set(id, [...(byService.get(id) ?? []), m]);
  }
  await Promise.all(
    [...byService].map(async ([id, ms]) => {
      const [cluster, name] = id.split("/") as [string, string];
      let service = (snapshot.get(`Service/${cluster}/${name}`) as ServiceLive | undefined)?.service;
      let taskSets: TaskSet[] = [];
      try {
        if (!snapshot.has(`Service/${cluster}/${name}`))
          service = (await describeServicesBatched(api, cluster, [name])).get(name);
        if (service)
          taskSets =
            (await api.ecs(new DescribeTaskSetsCommand({ cluster, service: name, include: ["TAGS"] }))).taskSets ?? [];
      } catch (err) {
        // A cluster or service that does not exist yet has no task sets.
        if (!/NotFound|NotActive/.test(errorName(err))) throw err;
      }
      for (const m of ms)
        out.set(`TaskSet/${cluster}/${m.metadata.name}`, service ? { service, taskSets } : { taskSets });
    }),
  );
  return out;
}
