/**
 * @module Which nodes a SendCommand reaches: explicit ids, or Targets ANDed together — InstanceIds (ids, or `*` for every
 * managed node of the account and Region), tag:K and tag-key. Bosun has no resource groups, so a `resource-groups:`
 * target names a group that does not exist, and is refused as SSM refuses one (InvalidTarget).
 */
import { DuplicateInstanceId, InvalidInstanceId, InvalidTarget, ValidationException } from "../../../protocol/errors/errors.ts";
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

/** Every managed node of the scope that has not been reported terminated, in pages. */
async function everyNode(deps: RunCommandDeps, scope: Scope): Promise<InstanceRow[]> {
  const all: InstanceRow[] = [];
  for (let after: string | undefined, page: InstanceRow[]; ; after = page[page.length - 1]?.instance_id) {
    page = await deps.nodes.instances.list(scope, after, 1000);
    all.push(...page.filter((n) => n.terminated_at === null));
    if (page.length < 1000) return all;
  }
}

/** The ids of the nodes one target names. */
async function targetNodeIds(deps: RunCommandDeps, scope: Scope, key: string, values: string[]): Promise<Set<string>> {
  if (key === "InstanceIds" && values.includes("*")) {
    if (values.length > 1) throw new ValidationException("Target InstanceIds takes * alone, or node ids.");
    return new Set((await everyNode(deps, scope)).map((n) => n.instance_id));
  }
  if (key === "InstanceIds") {
    if (values.length === 0) throw new ValidationException("Target InstanceIds needs at least one value.");
    return new Set((await nodesOf(deps, scope, values)).map((n) => n.instance_id));
  }
  if (key === "tag-key") {
    const ids = new Set<string>();
    for (const tagKey of values) for (const id of await deps.tags.resourcesWithTag(scope, managedInstance, tagKey)) ids.add(id);
    return ids;
  }
  if (key.startsWith("tag:") && key.length > 4) {
    if (values.length === 0) throw new ValidationException(`Target ${key} needs at least one value.`);
    return deps.tags.resourcesWithTag(scope, managedInstance, key.slice(4), values);
  }
  if (key === "resource-groups:Name" || key === "resource-groups:ResourceTypeFilters")
    throw new InvalidTarget(
      "The target isn't valid or doesn't exist. Bosun has no resource groups: target nodes by InstanceIds, tag:<key> or tag-key.",
    );
  throw new ValidationException(`Target key ${key} is not supported; use InstanceIds, tag:<key> or tag-key.`);
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
    byTag ||= key === "tag-key" || key.startsWith("tag:");
    const ids = await targetNodeIds(deps, scope, key, target.Values ?? []);
    const previous: Set<string> | undefined = selected;
    selected = previous ? new Set([...ids].filter((id) => previous.has(id))) : ids;
  }
  const nodes = await deps.nodes.instances.getMany(scope, [...(selected ?? [])]);
  return { nodes: nodes.sort((a, b) => a.instance_id.localeCompare(b.instance_id)), byTag };
}
