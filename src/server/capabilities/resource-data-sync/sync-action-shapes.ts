/**
 * @module What the resource data sync actions share: their errors, quota, dependencies, input shapes and the item they
 * return.
 */
import { Type } from "@sinclair/typebox";
import { defineError } from "../../../protocol/errors/service-error.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import { AwsBoolean, AwsList, AwsString } from "../../core/validation/aws-shapes.ts";
import type { BucketAccess } from "../buckets/index.ts";
import type { OrganizationView } from "../organizations/index.ts";
import type { SyncStore } from "./sync-store.ts";

export const NotFound = defineError("ResourceDataSyncNotFoundException");

export const InvalidConfiguration = defineError("ResourceDataSyncInvalidConfigurationException");

/** Syncs per account and Region (SSM's quota), of which one may share with the organization. */
export const maxSyncs = 5;

export interface SyncActionDeps {
  store: SyncStore;
  keyring: Keyring;
  organization: OrganizationView;
  buckets: BucketAccess;
}

export const SyncNameShape = () => AwsString({ min: 1, max: 64 });

export const SyncTypeShape = () => AwsString({ min: 1, max: 64 });

export const SyncSourceShape = () =>
  Type.Object({
    SourceType: AwsString({ min: 1, max: 64 }),
    AwsOrganizationsSource: Type.Optional(
      Type.Object({
        OrganizationSourceType: AwsString({ min: 1, max: 64 }),
        OrganizationalUnits: Type.Optional(
          AwsList(
            Type.Object({
              OrganizationalUnitId: Type.Optional(AwsString({ min: 1, max: 128, pattern: "^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$" })),
            }),
            { min: 1, max: 1000 },
          ),
        ),
      }),
    ),
    SourceRegions: AwsList(AwsString({ min: 1, max: 64 })),
    IncludeFutureRegions: Type.Optional(AwsBoolean()),
    EnableAllOpsDataSources: Type.Optional(AwsBoolean()),
  });

export const syncArn = (ctx: { accountId: string; region: string }, name: string) =>
  `arn:aws:ssm:${ctx.region}:${ctx.accountId}:resource-data-sync/${name}`;
