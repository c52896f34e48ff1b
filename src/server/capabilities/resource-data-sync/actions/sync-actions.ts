/**
 * @module Create/List/Update/DeleteResourceDataSync for SyncToDestination syncs (S3Destination, JsonSerDe, optionally
 * organization-wide). SyncFromSource (Explorer's OpsData) and KMS-encrypted destinations are refused, not ignored.
 */
import { Type } from "@sinclair/typebox";
import { defineError } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { bucketNamePattern, safeKey } from "../../../core/blobs/blob-store.ts";
import type { Keyring } from "../../../core/crypto/keyring.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type BucketAccess, bucketRefusal } from "../../buckets/index.ts";
import type { OrganizationView } from "../../organizations/index.ts";
import type { SyncRow, SyncStore } from "../sync-store.ts";
import type { Destination } from "../sync-writer.ts";

const AlreadyExists = defineError("ResourceDataSyncAlreadyExistsException");
export const NotFound = defineError("ResourceDataSyncNotFoundException");
const InvalidConfiguration = defineError("ResourceDataSyncInvalidConfigurationException");
const CountExceeded = defineError("ResourceDataSyncCountExceededException");

/** Syncs per account and Region (SSM's quota), of which one may share with the organization. */
export const maxSyncs = 5;

export interface SyncActionDeps {
  store: SyncStore;
  keyring: Keyring;
  organization: OrganizationView;
  buckets: BucketAccess;
}

const SyncNameShape = () => AwsString({ min: 1, max: 64 });
const SyncTypeShape = () => AwsString({ min: 1, max: 64 });
const S3DestinationShape = () =>
  Type.Object({
    BucketName: AwsString({ min: 1, max: 2048 }),
    Prefix: Type.Optional(AwsString({ min: 1, max: 256 })),
    SyncFormat: AwsEnum(["JsonSerDe"] as const),
    Region: AwsString({ min: 1, max: 64 }),
    AWSKMSKeyARN: Type.Optional(AwsString({ min: 1, max: 512, pattern: "arn:.*" })),
    DestinationDataSharing: Type.Optional(Type.Object({ DestinationDataSharingType: Type.Optional(AwsString({ min: 1, max: 64 })) })),
  });
const SyncSourceShape = () =>
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

const syncArn = (ctx: { accountId: string; region: string }, name: string) =>
  `arn:aws:ssm:${ctx.region}:${ctx.accountId}:resource-data-sync/${name}`;

const fromSourceRefused = () =>
  new InvalidConfiguration("Bosun syncs to a destination (SyncToDestination); SyncFromSource (Explorer's OpsData) is not supported.");

export function createResourceDataSyncAction(deps: SyncActionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CreateResourceDataSync",
    input: Type.Object({
      SyncName: SyncNameShape(),
      S3Destination: Type.Optional(S3DestinationShape()),
      SyncType: Type.Optional(SyncTypeShape()),
      SyncSource: Type.Optional(SyncSourceShape()),
    }),
    resources: (ctx, input) => [syncArn(ctx, input.SyncName)],
    async handle(ctx, input) {
      const syncType = input.SyncType ?? "SyncToDestination";
      if (syncType === "SyncFromSource" || input.SyncSource) throw fromSourceRefused();
      if (syncType !== "SyncToDestination")
        throw new InvalidConfiguration(`SyncType ${syncType} is not SyncToDestination or SyncFromSource.`);
      const destination = input.S3Destination;
      if (!destination) throw new InvalidConfiguration("A SyncToDestination sync needs an S3Destination.");
      if (!bucketNamePattern.test(destination.BucketName))
        throw new InvalidConfiguration(
          `${destination.BucketName} is not a valid bucket name (3–63 lowercase letters, digits, dots and hyphens).`,
        );
      // A prefix is a path inside the bucket: no `.`, `..`, empty segments or leading slash.
      if (destination.Prefix !== undefined && !safeKey(destination.Prefix.replace(/\/+$/, "")))
        throw new InvalidConfiguration("The Prefix may not start with /, or hold empty, . or .. segments.");
      if (destination.AWSKMSKeyARN)
        throw new InvalidConfiguration(
          "Bosun has no KMS: sync objects are written as the destination stores them; leave out AWSKMSKeyARN.",
        );
      const sharing = destination.DestinationDataSharing?.DestinationDataSharingType;
      if (sharing !== undefined && sharing !== "Organization")
        throw new InvalidConfiguration(`DestinationDataSharingType ${sharing} is not Organization.`);
      const organizationWide = sharing === "Organization";
      if (organizationWide && !(await deps.organization.fleetAccounts(ctx.accountId)))
        throw new InvalidConfiguration(
          "An Organization sync is made by the organization's management account or a delegated administrator for ssm.amazonaws.com.",
        );
      const existing = await deps.store.syncs(ctx);
      if (!(await deps.buckets.claimForWriting(ctx.accountId, destination.BucketName, ctx.now)))
        throw new InvalidConfiguration(bucketRefusal(destination.BucketName));
      if (existing.some((s) => s.sync_name === input.SyncName))
        throw new AlreadyExists(`A resource data sync named ${input.SyncName} already exists.`).with({ SyncName: input.SyncName });
      if (existing.length >= maxSyncs) throw new CountExceeded(`An account may have ${maxSyncs} resource data syncs in a Region.`);
      if (organizationWide && existing.some((s) => s.organization_wide === 1))
        throw new CountExceeded("An account may have one Organization resource data sync in a Region.");
      await deps.store.insert({
        account_id: ctx.accountId,
        region: ctx.region,
        sync_name: input.SyncName,
        sync_type: syncType,
        destination: JSON.stringify(destination),
        organization_wide: organizationWide ? 1 : 0,
        created_at: ctx.now,
        modified_at: ctx.now,
        last_status: null,
        last_sync_at: null,
        last_success_at: null,
        last_message: null,
      });
      return {};
    },
  });
}

const itemJson = (row: SyncRow) => ({
  SyncName: row.sync_name,
  SyncType: row.sync_type,
  S3Destination: JSON.parse(row.destination) as Destination,
  SyncCreatedTime: row.created_at / 1000,
  SyncLastModifiedTime: row.modified_at / 1000,
  // Until the writer's first round, the sync is in progress.
  LastStatus: row.last_status ?? "InProgress",
  ...(row.last_sync_at !== null ? { LastSyncTime: row.last_sync_at / 1000 } : {}),
  ...(row.last_success_at !== null ? { LastSuccessfulSyncTime: row.last_success_at / 1000 } : {}),
  ...(row.last_message !== null ? { LastSyncStatusMessage: row.last_message } : {}),
});

export function listResourceDataSyncAction(deps: SyncActionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListResourceDataSync",
    input: Type.Object({
      SyncType: Type.Optional(SyncTypeShape()),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
    }),
    resources: (ctx) => [syncArn(ctx, "*")],
    async handle(ctx, input) {
      const syncType = input.SyncType ?? "SyncToDestination";
      const rows = (await deps.store.syncs(ctx)).filter((s) => s.sync_type === syncType);
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        `ListResourceDataSync:${syncType}`,
        rows,
        input.NextToken,
        input.MaxResults ?? 50,
      );
      return { ResourceDataSyncItems: page.map(itemJson), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}

export function deleteResourceDataSyncAction(deps: SyncActionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteResourceDataSync",
    input: Type.Object({ SyncName: SyncNameShape(), SyncType: Type.Optional(SyncTypeShape()) }),
    resources: (ctx, input) => [syncArn(ctx, input.SyncName)],
    async handle(ctx, input) {
      const syncType = input.SyncType ?? "SyncToDestination";
      const found = (await deps.store.syncs(ctx)).find((s) => s.sync_name === input.SyncName && s.sync_type === syncType);
      // The objects stay in the destination, as in SSM: deleting a sync stops it, it does not empty the bucket.
      if (!found || !(await deps.store.delete(ctx, input.SyncName)))
        throw new NotFound(`No resource data sync named ${input.SyncName}.`).with({ SyncName: input.SyncName, SyncType: syncType });
      return {};
    },
  });
}

export function updateResourceDataSyncAction(deps: SyncActionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateResourceDataSync",
    input: Type.Object({ SyncName: SyncNameShape(), SyncType: SyncTypeShape(), SyncSource: SyncSourceShape() }),
    resources: (ctx, input) => [syncArn(ctx, input.SyncName)],
    async handle(ctx, input) {
      const found = (await deps.store.syncs(ctx)).find((s) => s.sync_name === input.SyncName && s.sync_type === input.SyncType);
      if (!found)
        throw new NotFound(`No resource data sync named ${input.SyncName}.`).with({ SyncName: input.SyncName, SyncType: input.SyncType });
      // SSM updates only SyncFromSource syncs; Bosun has none of those.
      throw new InvalidConfiguration("Only SyncFromSource syncs can be updated; delete and create a SyncToDestination sync to change it.");
    },
  });
}
