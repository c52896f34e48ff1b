/** @module Bosun.GetSessionToken: temporary credentials (key, secret, session token) for the caller, as STS issues. */
import { Type } from "@sinclair/typebox";
import { AccessDenied } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsInteger } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";

export function getSessionTokenAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "GetSessionToken",
    input: Type.Object({ DurationSeconds: Type.Optional(AwsInteger({ min: 900, max: 129_600 })) }),
    resources: (ctx) => [ctx.principal.arn],
    async handle(ctx, input) {
      if (ctx.principal.temporary) throw new AccessDenied("Cannot call GetSessionToken with session credentials");
      const credentials = await store.issueSessionCredentials(
        ctx.principal.accountId,
        ctx.principal.userName,
        (input.DurationSeconds ?? 43_200) * 1000,
        ctx.now,
      );
      return { Credentials: credentials };
    },
  });
}
