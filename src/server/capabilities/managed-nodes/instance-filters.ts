/** @module DescribeInstanceInformation's filters (Filters and the legacy InstanceInformationFilterList), checked and matched. */
import { InvalidFilterKey, InvalidInstanceInformationFilterValue } from "../../../protocol/errors/errors.ts";
import type { InstanceRow } from "./instance-store.ts";
import { type PingClock, pingStatus } from "./instance-view.ts";
import type { NodeAssociationStatus } from "./managed-node-shapes.ts";

export interface InstanceFilter {
  key: string;
  values: string[];
}

const allowedValues: Record<string, string[] | RegExp> = {
  InstanceIds: /^(mi-[0-9a-f]{17}|i-(\w{8}|\w{17}))$/,
  PingStatus: ["Online", "ConnectionLost", "Inactive"],
  PlatformTypes: ["Windows", "Linux", "MacOS"],
  ResourceType: ["ManagedInstance", "EC2Instance"],
  AssociationStatus: ["Success", "Pending", "Failed"],
  SourceTypes: ["AWS::EC2::Instance", "AWS::SSM::ManagedInstance", "AWS::IoT::Thing", "Microsoft.Compute/virtualMachines"],
};
const plainKeys = ["AgentVersion", "ActivationIds", "IamRole", "SourceIds", "tag-key"];

/** Checks keys and values; throws InvalidFilterKey or InvalidInstanceInformationFilterValue. */
export function validateInstanceFilters(filters: readonly InstanceFilter[]): InstanceFilter[] {
  for (const filter of filters) {
    const allowed = allowedValues[filter.key];
    if (!allowed && !plainKeys.includes(filter.key) && !/^tag:.+/.test(filter.key)) {
      throw new InvalidFilterKey(`The filter key ${filter.key} is not valid.`);
    }
    const bad = allowed ? filter.values.find((v) => (Array.isArray(allowed) ? !allowed.includes(v) : !allowed.test(v))) : undefined;
    if (bad !== undefined) throw new InvalidInstanceInformationFilterValue(`The filter value ${bad} is not valid for ${filter.key}.`);
  }
  return [...filters];
}

/** A node's value(s) for a filter key; tag filters are answered by `tagged`. */
function valuesOf(row: InstanceRow, key: string, clock: PingClock, associations?: Map<string, NodeAssociationStatus>): (string | null)[] {
  switch (key) {
    case "InstanceIds":
    case "SourceIds":
      return [row.instance_id];
    case "AgentVersion":
      return [row.agent_version];
    case "PingStatus":
      return [pingStatus(row, clock)];
    case "PlatformTypes":
      return [row.platform_type];
    case "ResourceType":
      return ["ManagedInstance"];
    case "SourceTypes":
      return ["AWS::SSM::ManagedInstance"];
    case "ActivationIds":
      return [row.activation_id];
    case "IamRole":
      return [row.iam_role];
    case "AssociationStatus":
      return [associations?.get(row.instance_id)?.status ?? null];
    default:
      return [];
  }
}

/** True when the node passes every filter; `tagged(key, values)` says which nodes carry a tag. */
export function matchesInstanceFilters(
  row: InstanceRow,
  filters: readonly InstanceFilter[],
  tagged: Map<string, Set<string>>,
  clock: PingClock,
  associations?: Map<string, NodeAssociationStatus>,
): boolean {
  return filters.every((filter) => {
    if (filter.key === "tag-key" || filter.key.startsWith("tag:"))
      return tagged.get(`${filter.key}=${filter.values.join(",")}`)?.has(row.instance_id) ?? false;
    const values = valuesOf(row, filter.key, clock, associations);
    return values.some((v) => v !== null && filter.values.includes(v));
  });
}
