/**
 * @module CreateResourceDataSync: a SyncToDestination sync (S3Destination, JsonSerDe), optionally shared with the
 * organization (every member's data when the management account or a delegated administrator makes it, the member's
 * own when a member does); SyncFromSource and KMS-encrypted destinations are refused, not ignored.
 */
import { Type } from "@sinclair/typebox";
import { defineError } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { bucketNamePattern, safeKey } from "../../../core/blobs/blob-store.ts";
import { AwsEnum, AwsString } from "../../../core/validation/aws-shapes.ts";
import { bucketRefusal } from "../../buckets/index.ts";
import {
  InvalidConfiguration,
  maxSyncs,
  type SyncActionDeps,
  SyncNameShape,
  SyncSourceShape,
  SyncTypeShape,
  syncArn,
} from "../sync-action-shapes.ts";

const AlreadyExists = defineError("ResourceDataSyncAlreadyExistsException");

const CountExceeded = defineError("ResourceDataSyncCountExceededException");

const S3DestinationShape = () =>
  Type.Object({
    BucketName: AwsString({ min: 1, max: 2048 }),
    Prefix: Type.Optional(AwsString({ min: 1, max: 256 })),
    SyncFormat: AwsEnum(["JsonSerDe"] as const),
    Region: AwsString({ min: 1, max: 64 }),
    AWSKMSKeyARN: Type.Optional(AwsString({ min: 1, max: 512, pattern: "arn:.*" })),
    DestinationDataSharing: Type.Optional(Type.Object({ DestinationDataSharingType: Type.Optional(AwsString({ min: 1, max: 64 })) })),
  });

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
      // An Organization sync shares its data with the organization. Made by the management account or a delegated
      // administrator, it writes every member's data; made by a member (AWS's way: each member syncs into the central
      // bucket, which a bucket policy opens to the organization), it writes the member's own.
      const shared = sharing === "Organization";
      if (shared && !(await deps.organization.organizationIdOf(ctx.accountId)))
        throw new InvalidConfiguration("An Organization sync is made by an account of an organization; this account is in none.");
      const organizationWide = shared && (await deps.organization.fleetAccounts(ctx.accountId)) !== undefined;
      const existing = await deps.store.syncs(ctx);
      if (!(await deps.buckets.claimForWriting(ctx.accountId, destination.BucketName, ctx.now)))
        throw new InvalidConfiguration(bucketRefusal(destination.BucketName));
      if (existing.some((s) => s.sync_name === input.SyncName))
        throw new AlreadyExists(`A resource data sync named ${input.SyncName} already exists.`).with({ SyncName: input.SyncName });
      if (existing.length >= maxSyncs) throw new CountExceeded(`An account may have ${maxSyncs} resource data syncs in a Region.`);
      const isShared = (row: { destination: string }) =>
        (JSON.parse(row.destination) as { DestinationDataSharing?: { DestinationDataSharingType?: string } }).DestinationDataSharing
          ?.DestinationDataSharingType === "Organization";
      if (shared && existing.some(isShared))
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
