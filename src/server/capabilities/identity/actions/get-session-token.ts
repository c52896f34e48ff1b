/** @module Bosun.GetSessionToken: temporary credentials (key, secret, session token) for the caller, as STS issues. */
import { createHash, randomBytes } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { AccessDenied } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsInteger } from "../../../core/validation/aws-shapes.ts";
import { type IdentityStore, newAccessKeyId, newSecretAccessKey } from "../identity-store.ts";

export function getSessionTokenAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "GetSessionToken",
    input: Type.Object({ DurationSeconds: Type.Optional(AwsInteger({ min: 900, max: 129_600 })) }),
    resources: (ctx) => [ctx.principal.arn],
    async handle(ctx, input) {
      if (ctx.principal.temporary) throw new AccessDenied("Cannot call GetSessionToken with session credentials");
      const accessKeyId = newAccessKeyId(true);
      const secretAccessKey = newSecretAccessKey();
      const sessionToken = randomBytes(96).toString("base64");
      const expiresAt = ctx.now + (input.DurationSeconds ?? 43_200) * 1000;
      await store.putAccessKey({
        accessKeyId,
        secretAccessKey,
        accountId: ctx.principal.accountId,
        userName: ctx.principal.userName,
        sessionTokenSha256: createHash("sha256").update(sessionToken).digest("hex"),
        expiresAt,
        now: ctx.now,
      });
      return {
        Credentials: {
          AccessKeyId: accessKeyId,
          SecretAccessKey: secretAccessKey,
          SessionToken: sessionToken,
          Expiration: expiresAt / 1000,
        },
      };
    },
  });
}
