/** @module CreateActivation: a code and id with which up to RegistrationLimit machines register, until it expires. */
import { randomUUID } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsInteger, AwsList, AwsString, AwsTimestamp } from "../../../core/validation/aws-shapes.ts";
import { TagListShape } from "../../tags/index.ts";
import { hashActivationCode, newActivationCode } from "../activation-code.ts";
import { activationArn, activationResourceType, DefaultInstanceNameShape, type ManagedNodeDeps } from "../managed-node-shapes.ts";

const day = 86_400_000;
export const defaultActivationLifetimeMs = day;
export const maxActivationLifetimeMs = 30 * day;

const RegistrationMetadataItem = Type.Object({
  Key: AwsString({ min: 1, max: 128, pattern: "^(?!\\s*$).+" }),
  Value: AwsString({ min: 1, max: 2048, pattern: "^(?!\\s*$).+" }),
});

export function createActivationAction(deps: ManagedNodeDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CreateActivation",
    input: Type.Object({
      Description: Type.Optional(AwsString({ min: 0, max: 256 })),
      DefaultInstanceName: Type.Optional(DefaultInstanceNameShape()),
      IamRole: AwsString({ max: 64 }),
      RegistrationLimit: Type.Optional(AwsInteger({ min: 1, max: 1000 })),
      ExpirationDate: Type.Optional(AwsTimestamp()),
      Tags: Type.Optional(TagListShape()),
      RegistrationMetadata: Type.Optional(AwsList(RegistrationMetadataItem)),
    }),
    resources: (ctx) => [activationArn(ctx, "*")],
    async handle(ctx, input) {
      // "Reserved for internal use" in SSM's model: refused rather than stored and ignored.
      if (input.RegistrationMetadata?.length)
        throw new ValidationException("RegistrationMetadata is reserved for internal use and is not accepted.");
      if (input.IamRole.trim() === "") throw new ValidationException("IamRole must name the role the registered nodes use.");
      const expiresAt =
        input.ExpirationDate === undefined ? ctx.now + defaultActivationLifetimeMs : Math.round(input.ExpirationDate * 1000);
      if (expiresAt <= ctx.now) throw new ValidationException("ExpirationDate must be in the future.");
      if (expiresAt > ctx.now + maxActivationLifetimeMs) throw new ValidationException("ExpirationDate must be at most 30 days from now.");
      const activationId = randomUUID();
      const code = newActivationCode();
      await deps.activations.transaction(async (store) => {
        await store.insert({
          activation_id: activationId,
          account_id: ctx.accountId,
          region: ctx.region,
          code_sha256: hashActivationCode(code),
          description: input.Description ?? null,
          default_instance_name: input.DefaultInstanceName ?? null,
          iam_role: input.IamRole,
          registration_limit: input.RegistrationLimit ?? 1,
          registrations_count: 0,
          expires_at: expiresAt,
          created_at: ctx.now,
        });
        if (input.Tags?.length) await deps.tags.put(ctx, activationResourceType, activationId, input.Tags, store.handle);
      });
      return { ActivationId: activationId, ActivationCode: code };
    },
  });
}
