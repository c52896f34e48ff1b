/**
 * @module What the window-target actions share: the members' shapes, the check of a target list (the keys a
 * maintenance window's Run Command tasks can resolve on Bosun's nodes), and how a target is answered.
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../protocol/errors/errors.ts";
import { AwsEnum, AwsString } from "../../core/validation/aws-shapes.ts";
import { TargetsShape } from "../run-command/index.ts";
import type { WindowTargetRow } from "./window-target-store.ts";

export const WindowTargetIdShape = () =>
  AwsString({ min: 36, max: 36, pattern: "^[0-9a-fA-F]{8}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{4}\\-[0-9a-fA-F]{12}$" });
export const ResourceTypeShape = () => AwsEnum(["INSTANCE", "RESOURCE_GROUP"] as const);
export { TargetsShape };

/** The optional members Register and Update share. */
export const targetMembers = () => ({
  OwnerInformation: Type.Optional(AwsString({ min: 1, max: 128 })),
  Name: Type.Optional(AwsString({ min: 3, max: 128, pattern: "^[a-zA-Z0-9_\\-.]{3,128}$" })),
  Description: Type.Optional(AwsString({ min: 1, max: 128 })),
});

/** SSM's quota: 100 targets per maintenance window. */
export const maxTargetsPerWindow = 100;

type Targets = { Key?: string; Values?: string[] }[];

const instanceId = /^(i-(\w{8}|\w{17})|mi-\w{17})$/;

/**
 * A window's targets: node ids (InstanceIds), `tag:<key>` with values, or `tag-key` with keys — ANDed, as Run Command
 * resolves them. Bosun has no resource groups, so RESOURCE_GROUP targets and `resource-groups:` keys are refused.
 */
export function checkTargets(resourceType: string, targets: Targets): { Key: string; Values: string[] }[] {
  if (resourceType === "RESOURCE_GROUP") throw new ValidationException("Bosun has no resource groups: register INSTANCE targets.");
  if (targets.length === 0) throw new ValidationException("Targets must name at least one target.");
  return targets.map(({ Key, Values }) => {
    if (!Key || !Values?.length) throw new ValidationException("Each target needs a Key and at least one value.");
    if (Key === "InstanceIds") {
      const bad = Values.find((v) => !instanceId.test(v));
      if (bad !== undefined) throw new ValidationException(`${bad} is not a managed node id (mi-… or i-…).`);
    } else if (Key.startsWith("resource-groups:")) {
      throw new ValidationException(`Bosun has no resource groups: the key ${Key} cannot be resolved.`);
    } else if (!(Key.startsWith("tag:") && Key.length > 4) && Key !== "tag-key") {
      throw new ValidationException(`The target key ${Key} is not supported; use InstanceIds, tag:<key> or tag-key.`);
    }
    return { Key, Values };
  });
}

/** A target as DescribeMaintenanceWindowTargets answers it. */
export function targetView(row: WindowTargetRow) {
  return {
    WindowId: row.window_id,
    WindowTargetId: row.window_target_id,
    ResourceType: row.resource_type,
    Targets: JSON.parse(row.targets) as { Key: string; Values: string[] }[],
    ...(row.owner_information !== null ? { OwnerInformation: row.owner_information } : {}),
    ...(row.name !== null ? { Name: row.name } : {}),
    ...(row.description !== null ? { Description: row.description } : {}),
  };
}
