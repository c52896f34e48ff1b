/** @module Shared shapes and dependencies of the Run Command actions. */

import { Type } from "@sinclair/typebox";
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, InstanceIdShape, NextTokenShape } from "../../core/validation/aws-shapes.ts";

export { InstanceIdShape };

import type { BucketAccess } from "../buckets/index.ts";
import type { DocumentsCapability } from "../documents/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { ParameterLookup } from "../parameters/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { CommandStore } from "./command-store.ts";
import type { Dispatcher } from "./dispatcher.ts";

export interface RunCommandDeps {
  store: CommandStore;
  documents: DocumentsCapability;
  nodes: ManagedNodesCapability;
  tags: TagStore;
  parameters: ParameterLookup;
  blobs: BlobStores;
  dispatcher: Dispatcher;
  keyring: Keyring;
  buckets: BucketAccess;
}

export const CommandIdShape = () => AwsString({ min: 36, max: 36 });

export const commandArn = (scope: { accountId: string; region: string }, commandId: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:command/${commandId}`;

export const CommandFilterListShape = () =>
  AwsList(
    Type.Object({
      key: AwsEnum(["InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName"] as const),
      value: AwsString({ min: 1, max: 128 }),
    }),
    { min: 1, max: 5 },
  );

/** What ListCommands and ListCommandInvocations both take. */
export const commandListingMembers = () => ({
  CommandId: Type.Optional(CommandIdShape()),
  InstanceId: Type.Optional(InstanceIdShape()),
  MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
  NextToken: Type.Optional(NextTokenShape()),
  Filters: Type.Optional(CommandFilterListShape()),
});

/** The model's Targets (≤ 5 keys of ≤ 50 values), shared with State Manager. */
export const TargetsShape = () =>
  AwsList(
    Type.Object({
      Key: Type.Optional(
        AwsString({
          min: 1,
          max: 163,
          pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name",
        }),
      ),
      Values: Type.Optional(AwsList(AwsString(), { min: 0, max: 50 })),
    }),
    { min: 0, max: 5 },
  );
