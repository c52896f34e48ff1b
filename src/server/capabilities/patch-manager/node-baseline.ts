/**
 * @module Which baseline applies to a node: its operating system (from the platform it reports), its patch group (the
 * `Patch Group` tag, else `PatchGroup`), and the baseline registered for that group and system, else the system's
 * default here. The agent gets it inside the aws:runPatchBaseline step.
 */
import type { NodeBaseline } from "../../../protocol/patch/baseline.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { InstanceRow } from "../managed-nodes/index.ts";
import { defaultBaselineId } from "./baseline-listing.ts";
import type { OperatingSystem, PatchDeps } from "./patch-shapes.ts";
import { resolveBaseline } from "./resolve-baseline.ts";

/** The names a node's platform goes by, first match wins (`Amazon Linux` comes after its versions). */
const platforms: [RegExp, OperatingSystem | ((version: string) => OperatingSystem)][] = [
  [/ubuntu/i, "UBUNTU"],
  [/raspbian|raspberry/i, "RASPBIAN"],
  [/debian/i, "DEBIAN"],
  [
    /amazon linux/i,
    (version) =>
      version.startsWith("2023")
        ? "AMAZON_LINUX_2023"
        : version.startsWith("2022")
          ? "AMAZON_LINUX_2022"
          : version.startsWith("2")
            ? "AMAZON_LINUX_2"
            : "AMAZON_LINUX",
  ],
  [/red hat|rhel/i, "REDHAT_ENTERPRISE_LINUX"],
  [/rocky/i, "ROCKY_LINUX"],
  [/alma/i, "ALMA_LINUX"],
  [/centos/i, "CENTOS"],
  [/oracle/i, "ORACLE_LINUX"],
  [/suse|sles/i, "SUSE"],
  [/mac ?os/i, "MACOS"],
  [/windows/i, "WINDOWS"],
];

/** The operating system Patch Manager knows a node by; undefined for a platform it has no baselines for. */
export function operatingSystemOf(
  node: Pick<InstanceRow, "platform_name" | "platform_version" | "platform_type">,
): OperatingSystem | undefined {
  const name = node.platform_name ?? node.platform_type ?? "";
  for (const [pattern, os] of platforms) if (pattern.test(name)) return typeof os === "string" ? os : os(node.platform_version ?? "");
  return undefined;
}

/** The node's patch group: its `Patch Group` tag, else its `PatchGroup` tag, else none. */
export async function patchGroupOf(deps: PatchDeps, scope: Scope, instanceId: string): Promise<string> {
  const tags = await deps.tags.list(scope, "ManagedInstance", instanceId);
  return tags.find((tag) => tag.Key === "Patch Group")?.Value ?? tags.find((tag) => tag.Key === "PatchGroup")?.Value ?? "";
}

/** The baseline the node is to apply, with its group; undefined when the node's platform has none. */
export async function nodeBaseline(deps: PatchDeps, node: InstanceRow): Promise<NodeBaseline | undefined> {
  const os = operatingSystemOf(node);
  if (!os) return undefined;
  const scope = { accountId: node.account_id, region: node.region };
  const patchGroup = await patchGroupOf(deps, scope, node.instance_id);
  const registered = patchGroup ? await deps.store.group(scope, patchGroup, os) : undefined;
  const baseline = await resolveBaseline(deps.store, scope, registered?.baseline_id ?? (await defaultBaselineId(deps.store, scope, os)));
  return { baselineId: baseline.id, patchGroup, operatingSystem: os, body: baseline.body };
}
