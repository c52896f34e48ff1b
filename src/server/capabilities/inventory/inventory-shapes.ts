/** @module Shared shapes and dependencies of the inventory actions. */
import { Type } from "@sinclair/typebox";
import type { Keyring } from "../../core/crypto/keyring.ts";
import { AwsEnum, AwsList, AwsString, InstanceIdShape } from "../../core/validation/aws-shapes.ts";

export { InstanceIdShape };

import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { OrganizationView } from "../organizations/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { ContentListener } from "./inventory-item-rules.ts";
import type { InventoryStore } from "./inventory-store.ts";

export interface InventoryDeps {
  store: InventoryStore;
  nodes: ManagedNodesCapability;
  tags: TagStore;
  keyring: Keyring;
  /** Whose fleet data a management account or delegated administrator reads (AllAccounts). */
  organization: OrganizationView;
  /** Who is told of new content after a put (registered through the capability's onContent). */
  contentListeners: ContentListener[];
}

export const TypeNameShape = () => AwsString({ min: 1, max: 100, pattern: "^(AWS|Custom):.*$" });

export const InventoryFilterListShape = () =>
  AwsList(
    Type.Object({
      Key: AwsString({ min: 1, max: 200 }),
      Values: AwsList(AwsString(), { min: 1, max: 40 }),
      Type: Type.Optional(AwsEnum(["Equal", "NotEqual", "BeginWith", "LessThan", "GreaterThan", "Exists"] as const)),
    }),
    { min: 1, max: 5 },
  );

export const inventoryArn = (scope: { accountId: string; region: string }, instanceId: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:managed-instance-inventory/${instanceId}`;
