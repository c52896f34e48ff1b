/** @module Shared shapes and dependencies of the managed-nodes actions. */
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { AnyDb } from "../../core/store/database.ts";
import { AwsString } from "../../core/validation/aws-shapes.ts";
import type { TagStore } from "../tags/index.ts";
import type { ActivationStore } from "./activation-store.ts";
import type { InstanceStore } from "./instance-store.ts";

export const ActivationIdShape = () => AwsString({ pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" });
export const DefaultInstanceNameShape = () => AwsString({ min: 0, max: 256, pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" });

/** Tags given to an activation live with the tags capability under this (internal) resource type. */
export const activationResourceType = "Activation";
/** The tagging resource type of managed nodes, as SSM names it. */
export const managedInstanceResourceType = "ManagedInstance";

/** A node's association health, as State Manager reports it (for DescribeInstanceInformation). */
export interface NodeAssociationStatus {
  status: "Success" | "Pending" | "Failed";
  counts: Record<string, number>;
}
export type AssociationStatusProvider = (scope: { accountId: string; region: string }) => Promise<Map<string, NodeAssociationStatus>>;

export interface ManagedNodeDeps {
  activations: ActivationStore;
  instances: InstanceStore;
  tags: TagStore;
  keyring: Keyring;
  /** What other capabilities remove with a node (its inventory), inside the deregistration's transaction. */
  /** Set by State Manager; until then no node has associations. */
  associationStatus: { provider?: AssociationStatusProvider };
  onDeregister: ((scope: { accountId: string; region: string }, instanceId: string, within: AnyDb) => Promise<void>)[];
  /** Closes a node's channel on this server (set once the gateway exists). */
  disconnect: (instanceId: string, reason: string) => void;
}

export const activationArn = (scope: { accountId: string; region: string }, id: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:activation/${id}`;

export const managedInstanceArn = (scope: { accountId: string; region: string }, id: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:managed-instance/${id}`;
