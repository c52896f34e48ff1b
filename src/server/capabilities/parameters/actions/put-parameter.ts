/** @module PutParameter: create a parameter or a new version of it, with every rule and limit of SSM. */
import { Type } from "@sinclair/typebox";
import {
  HierarchyTypeMismatch,
  ParameterAlreadyExists,
  ParameterLimitExceeded,
  ParameterMaxVersionLimitExceeded,
  TooManyUpdates,
  ValidationException,
} from "../../../../protocol/errors/errors.ts";
import { type ActionContext, defineAction } from "../../../core/api/action.ts";
import { isConflict, isUniqueViolation } from "../../../core/store/sql-helpers.ts";
import { AwsBoolean, AwsString } from "../../../core/validation/aws-shapes.ts";
import { TagListShape } from "../../tags/index.ts";
import { encryptValue } from "../parameter-crypto.ts";
import { createName } from "../parameter-names.ts";
import { nextPolicyDue, parsePolicies, storedPolicies } from "../parameter-policies.ts";
import {
  checkAllowedPattern,
  checkDataType,
  checkKeyId,
  compileAllowedPattern,
  defaultKeyId,
  type RequestedTier,
  resolveTier,
  tierLimits,
} from "../parameter-rules.ts";
import {
  arnForName,
  type ParameterDeps,
  ParameterNameShape,
  ParameterTierShape,
  ParameterTypeShape,
  parameterResourceType,
} from "../parameter-shapes.ts";
import type { ParameterRow, ParameterStore } from "../parameter-store.ts";

export const maxVersions = 100;

const alreadyExists = () =>
  new ParameterAlreadyExists("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
const concurrentUpdates = () =>
  new TooManyUpdates("There are concurrent updates for the resource that you're trying to update. Please try again.");

interface PutInput {
  Value: string;
  Type?: ParameterRow["type"] | undefined;
  KeyId?: string | undefined;
  DataType?: string | undefined;
  AllowedPattern?: string | undefined;
  Tier?: RequestedTier | undefined;
}

/** The new version's type, key, data type and pattern: given, or kept from the parameter; each checked. */
function settingsOf(input: PutInput, existing: ParameterRow | undefined, ctx: ActionContext) {
  const type = input.Type ?? existing?.type;
  if (!type) throw new ValidationException("A parameter type is required when you create a parameter.");
  if (existing && type !== existing.type) {
    throw new HierarchyTypeMismatch(
      `The parameter type can't be changed from ${existing.type} to ${type}. You must create a new, unique parameter.`,
    );
  }
  if (input.KeyId !== undefined && type !== "SecureString")
    throw new ValidationException(`KeyId can be set only for SecureString parameters, not ${type}.`);
  const keyId = type === "SecureString" ? (input.KeyId ?? existing?.key_id ?? defaultKeyId) : null;
  if (keyId) checkKeyId(keyId, ctx);
  const dataType = input.DataType || existing?.data_type || "text";
  checkDataType(dataType, type, input.Value);
  const allowedPattern = input.AllowedPattern ?? existing?.allowed_pattern ?? null;
  checkAllowedPattern(allowedPattern, type, input.Value);
  return { type, keyId, dataType, allowedPattern };
}

/** The version's tier (Intelligent-Tiering resolved), refused when the account has no room left in it. */
async function tierOf(
  store: ParameterStore,
  ctx: ActionContext,
  input: PutInput,
  existing: ParameterRow | undefined,
  hasPolicies: boolean,
): Promise<ParameterRow["tier"]> {
  const standardFull = (await store.countByTier(ctx, "Standard")) >= tierLimits.Standard;
  const tier = resolveTier({ requested: input.Tier, existing: existing?.tier, valueLength: input.Value.length, hasPolicies, standardFull });
  const moving = !existing || existing.tier !== tier;
  const full = tier === "Advanced" ? (await store.countByTier(ctx, "Advanced")) >= tierLimits.Advanced : standardFull;
  if (moving && full) {
    throw new ParameterLimitExceeded(
      `You have exceeded the number of ${tier.toLowerCase()} parameters for this account and Region. Delete one or more parameters and try again.`,
    );
  }
  return tier;
}

/** At 100 versions the oldest goes, unless a label holds it. */
async function makeRoomForVersion(store: ParameterStore, ctx: ActionContext, existing: ParameterRow): Promise<void> {
  const { count, oldest } = await store.versionStats(ctx, existing.name_key);
  if (count < maxVersions) return;
  if ((await store.labels(ctx, existing.name_key)).has(oldest)) {
    throw new ParameterMaxVersionLimitExceeded(
      `You attempted to create a new version of ${existing.name} by calling the PutParameter API with the overwrite flag. Version ${oldest}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    );
  }
  await store.deleteVersion(ctx, existing.name_key, oldest);
}

export function putParameterAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "PutParameter",
    input: Type.Object({
      Name: ParameterNameShape(),
      Description: Type.Optional(AwsString({ min: 0, max: 1024 })),
      Value: AwsString({ min: 1, sensitive: true }),
      Type: Type.Optional(ParameterTypeShape),
      KeyId: Type.Optional(AwsString({ min: 1, max: 256, pattern: "^([a-zA-Z0-9:/_-]+)$" })),
      Overwrite: Type.Optional(AwsBoolean()),
      AllowedPattern: Type.Optional(AwsString({ min: 0, max: 1024 })),
      Tags: Type.Optional(TagListShape()),
      Tier: Type.Optional(ParameterTierShape),
      Policies: Type.Optional(AwsString({ min: 1, max: 4096 })),
      DataType: Type.Optional(AwsString({ min: 0, max: 128 })),
    }),
    resources: (ctx, input) => [arnForName(ctx, input.Name)],
    async handle(ctx, input) {
      const name = createName(input.Name, ctx);
      const tags = input.Tags ?? [];
      if (tags.length > 0 && input.Overwrite) {
        throw new ValidationException(
          "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
        );
      }
      if (input.AllowedPattern) compileAllowedPattern(input.AllowedPattern);
      const policies = input.Policies === undefined ? undefined : parsePolicies(input.Policies, ctx.now);

      const write = () =>
        deps.store.transaction(async (store) => {
          const existing = await store.get(ctx, name.key, { lock: true });
          if (existing && !input.Overwrite) throw alreadyExists();
          const { type, keyId, dataType, allowedPattern } = settingsOf(input, existing, ctx);
          const keptPolicies = policies ?? (existing ? parsePolicies(existing.policies ?? "[]", Number.NEGATIVE_INFINITY) : []);
          const tier = await tierOf(store, ctx, input, existing, keptPolicies.length > 0);
          if (existing) await makeRoomForVersion(store, ctx, existing);
          const version = (existing?.version ?? 0) + 1;
          const row: ParameterRow = {
            account_id: ctx.accountId,
            region: ctx.region,
            name_key: name.key,
            name: existing?.name ?? name.name,
            parent_path: name.parent,
            version,
            type,
            value: type === "SecureString" ? encryptValue(deps.keyring, ctx, name.key, keyId ?? defaultKeyId, input.Value) : input.Value,
            key_id: keyId,
            tier,
            description: input.Description ?? existing?.description ?? null,
            allowed_pattern: allowedPattern,
            data_type: dataType,
            policies: storedPolicies(keptPolicies),
            modified_at: ctx.now,
            modified_user: ctx.principal.arn,
            expires_at: keptPolicies.find((p) => p.type === "Expiration")?.at ?? null,
            policy_due_at: nextPolicyDue(keptPolicies, ctx.now, Number.NEGATIVE_INFINITY),
          };
          await store.write(row, !existing);
          if (tags.length > 0) await deps.tags.put(ctx, parameterResourceType, name.key, tags, store.handle);
          return { Version: version, Tier: tier };
        });

      try {
        return await write();
      } catch (error) {
        // Two writers raced for the same name or version: the loser sees SSM's concurrency errors.
        if (isUniqueViolation(error)) throw input.Overwrite ? concurrentUpdates() : alreadyExists();
        if (isConflict(error)) throw concurrentUpdates();
        throw error;
      }
    },
  });
}
