/**
 * ECS throttles per account and Region with token buckets shared by every caller, one bucket per
 * category (reference: "Request throttling for the Amazon ECS API"). The reconciler is one caller
 * among many (CI jobs, consoles, other tools), so its own limiter runs at a fraction of each
 * category's sustained rate (see DEFAULT_RATE_SHARE).
 */
export interface ThrottleCategory {
  name: string;
  /** Published bucket size. */
  burst: number;
  /** Published refill per second. */
  sustainedPerSecond: number;
}

const c = (name: string, burst: number, sustainedPerSecond: number): ThrottleCategory => ({
  name,
  burst,
  sustainedPerSecond,
});

export const CATEGORIES = {
  clusterModify: c("cluster-modify", 20, 1),
  clusterRead: c("cluster-read", 50, 20),
  taskDefinitionModify: c("task-definition-modify", 20, 1),
  taskDefinitionRead: c("task-definition-read", 50, 20),
  taskDefinitionDelete: c("task-definition-delete", 5, 1),
  capacityProviderModify: c("capacity-provider-modify", 10, 1),
  capacityProviderRead: c("capacity-provider-read", 50, 20),
  tagModify: c("tag-modify", 20, 10),
  tagRead: c("tag-read", 50, 20),
  clusterResourceRead: c("cluster-resource-read", 100, 20),
  serviceModify: c("service-modify", 50, 5),
  serviceRead: c("service-read", 100, 20),
  serviceDeployment: c("service-deployment", 50, 20),
  // Task-set APIs have no published bucket: budget them like service writes.
  taskSet: c("task-set", 50, 5),
  // EC2 Auto Scaling has one unpublished bucket for all its calls.
  autoScaling: c("autoscaling", 20, 2),
  // Cloud Map's limits are per API and modest; namespaces are listed at most once a pass.
  cloudMap: c("cloudmap", 10, 2),
} as const satisfies Record<string, ThrottleCategory>;

const ECS_OPERATIONS: Record<string, ThrottleCategory> = {
  CreateCluster: CATEGORIES.clusterModify,
  DeleteCluster: CATEGORIES.clusterModify,
  PutClusterCapacityProviders: CATEGORIES.clusterModify,
  UpdateCluster: CATEGORIES.clusterModify,
  UpdateClusterSettings: CATEGORIES.clusterModify,
  DescribeClusters: CATEGORIES.clusterRead,
  ListClusters: CATEGORIES.clusterRead,
  RegisterTaskDefinition: CATEGORIES.taskDefinitionModify,
  DeregisterTaskDefinition: CATEGORIES.taskDefinitionModify,
  DescribeTaskDefinition: CATEGORIES.taskDefinitionRead,
  ListTaskDefinitions: CATEGORIES.taskDefinitionRead,
  ListTaskDefinitionFamilies: CATEGORIES.taskDefinitionRead,
  DeleteTaskDefinitions: CATEGORIES.taskDefinitionDelete,
  CreateCapacityProvider: CATEGORIES.capacityProviderModify,
  DeleteCapacityProvider: CATEGORIES.capacityProviderModify,
  UpdateCapacityProvider: CATEGORIES.capacityProviderModify,
  DescribeCapacityProviders: CATEGORIES.capacityProviderRead,
  TagResource: CATEGORIES.tagModify,
  UntagResource: CATEGORIES.tagModify,
  ListTagsForResource: CATEGORIES.tagRead,
  DescribeContainerInstances: CATEGORIES.clusterResourceRead,
  DescribeTasks: CATEGORIES.clusterResourceRead,
  ListContainerInstances: CATEGORIES.clusterResourceRead,
  ListTasks: CATEGORIES.clusterResourceRead,
  CreateService: CATEGORIES.serviceModify,
  DeleteService: CATEGORIES.serviceModify,
  UpdateService: CATEGORIES.serviceModify,
  DescribeServices: CATEGORIES.serviceRead,
  ListServices: CATEGORIES.serviceRead,
  DescribeServiceDeployments: CATEGORIES.serviceDeployment,
  ListServiceDeployments: CATEGORIES.serviceDeployment,
  CreateTaskSet: CATEGORIES.taskSet,
  UpdateTaskSet: CATEGORIES.taskSet,
  DeleteTaskSet: CATEGORIES.taskSet,
  DescribeTaskSets: CATEGORIES.taskSet,
  UpdateServicePrimaryTaskSet: CATEGORIES.taskSet,
};

export function categoryOf(service: "ecs" | "autoscaling" | "servicediscovery", operation: string): ThrottleCategory {
  if (service === "autoscaling") return CATEGORIES.autoScaling;
  if (service === "servicediscovery") return CATEGORIES.cloudMap;
  const category = ECS_OPERATIONS[operation];
  // An operation we have not classified still gets a limiter, the strictest one.
  return category ?? CATEGORIES.serviceModify;
}
