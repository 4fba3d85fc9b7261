import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import type { CapacityProvider } from "@aws-sdk/client-ecs";
import type { Manifest } from "../../manifests/types.js";
import { type AwsApi, errorName } from "../aws/api.js";
import { autoScalingGroupName, describeAutoScalingGroupsBatched, describeCapacityProviders } from "../aws/readers.js";

export interface CapacityProviderLive {
  provider?: CapacityProvider;
  /** The manifest's Auto Scaling group name, and the group (undefined when it does not exist). */
  groupName?: string;
  group?: AutoScalingGroup;
  /** Other capacity providers already on that group: checked before creating one. */
  otherUsers: string[];
  /** Why otherUsers could not be known (listing every capacity provider failed). */
  usersUnknown?: string;
}

/**
 * Capacity providers by name, their Auto Scaling groups (50 a call, without instances), and, only when
 * one is to be created, every provider, to find a group already taken by another one.
 */
export async function observeCapacityProviders(
  api: AwsApi,
  manifests: Manifest<"CapacityProvider">[],
): Promise<Map<string, CapacityProviderLive>> {
  const groupOf = (m: Manifest<"CapacityProvider">) => {
    const arn = m.spec.autoScalingGroupProvider?.autoScalingGroupArn;
    return arn ? autoScalingGroupName(arn) : undefined;
  };
  const groupNames = manifests.map(groupOf).filter((n): n is string => n !== undefined);
  const [providers, groups] = await Promise.all([
    describeCapacityProviders(
      api,
      manifests.map((m) => m.metadata.name),
    ),
    groupNames.length ? describeAutoScalingGroupsBatched(api, groupNames) : Promise.resolve(new Map()),
  ]);

  let all: Map<string, CapacityProvider> | undefined;
  let usersUnknown: string | undefined;
  if (manifests.some((m) => !providers.has(m.metadata.name) && groupOf(m))) {
    try {
      all = await describeCapacityProviders(api);
    } catch (err) {
      usersUnknown = `${errorName(err)}: ${(err as Error).message.split("\n")[0]}`;
    }
  }

  const out = new Map<string, CapacityProviderLive>();
  for (const m of manifests) {
    const name = m.metadata.name;
    const groupName = groupOf(m);
    const otherUsers = [...(all?.values() ?? [])]
      .filter((cp) => cp.name !== name && groupName !== undefined)
      .filter((cp) => autoScalingGroupName(cp.autoScalingGroupProvider?.autoScalingGroupArn ?? "") === groupName)
      .map((cp) => cp.name!);
    const live: CapacityProviderLive = { otherUsers };
    const provider = providers.get(name);
    if (provider) live.provider = provider;
    if (groupName) {
      live.groupName = groupName;
      const group = groups.get(groupName);
      if (group) live.group = group;
    }
    if (usersUnknown) live.usersUnknown = usersUnknown;
    out.set(`CapacityProvider/${name}`, live);
  }
  return out;
}
