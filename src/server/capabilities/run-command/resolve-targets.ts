/** @module Which nodes a SendCommand reaches: explicit ids, or Targets (InstanceIds, tag:K, tag-key) ANDed together. */
import { DuplicateInstanceId, InvalidInstanceId, ValidationException } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { InstanceRow } from "../managed-nodes/index.ts";
import type { RunCommandDeps } from "./run-command-shapes.ts";

export interface TargetSpec {
  Key?: string | undefined;
  Values?: string[] | undefined;
}

const managedInstance = "ManagedInstance";

async function nodesOf(deps: RunCommandDeps, scope: Scope, ids: readonly string[]): Promise<InstanceRow[]> {
  const rows = await deps.nodes.instances.getMany(scope, ids);
  const missing = ids.filter((id) => !rows.some((row) => row.instance_id === id));
  if (missing.length > 0)
    throw new InvalidInstanceId(`Instances [${missing.join(", ")}] are not managed nodes of this account and Region.`);
  return rows;
}

/** The nodes a command targets, in a stable order; throws the SSM errors for bad ids and bad target keys. */
export async function resolveTargets(
  deps: RunCommandDeps,
  scope: Scope,
  instanceIds: readonly string[] | undefined,
  targets: readonly TargetSpec[] | undefined,
): Promise<{ nodes: InstanceRow[]; byTag: boolean }> {
  const hasIds = (instanceIds?.length ?? 0) > 0;
  const hasTargets = (targets?.length ?? 0) > 0;
  if (hasIds === hasTargets)
    throw new ValidationException(hasIds ? "Specify InstanceIds or Targets, not both." : "Specify InstanceIds or Targets.");
  if (hasIds) {
    const ids = instanceIds ?? [];
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) throw new DuplicateInstanceId(`Instance ${duplicate} is given more than once.`);
    return { nodes: await nodesOf(deps, scope, ids), byTag: false };
  }
  let selected: Set<string> | undefined;
  let byTag = false;
  for (const target of targets ?? []) {
    const key = target.Key ?? "";
    const values = target.Values ?? [];
    let ids: Set<string>;
    if (key === "InstanceIds") {
      if (values.length === 0) throw new ValidationException("Target InstanceIds needs at least one value.");
      ids = new Set((await nodesOf(deps, scope, values)).map((n) => n.instance_id));
    } else if (key === "tag-key") {
      byTag = true;
      ids = new Set<string>();
      for (const tagKey of values) for (const id of await deps.tags.resourcesWithTag(scope, managedInstance, tagKey)) ids.add(id);
    } else if (key.startsWith("tag:") && key.length > 4) {
      byTag = true;
      if (values.length === 0) throw new ValidationException(`Target ${key} needs at least one value.`);
      ids = await deps.tags.resourcesWithTag(scope, managedInstance, key.slice(4), values);
    } else {
      throw new ValidationException(`Target key ${key} is not supported; use InstanceIds, tag:<key> or tag-key.`);
    }
    const previous: Set<string> | undefined = selected;
    selected = previous ? new Set([...ids].filter((id) => previous.has(id))) : ids;
  }
  const nodes = await deps.nodes.instances.getMany(scope, [...(selected ?? [])]);
  return { nodes: nodes.sort((a, b) => a.instance_id.localeCompare(b.instance_id)), byTag };
}
