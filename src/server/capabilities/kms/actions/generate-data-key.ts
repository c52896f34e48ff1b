/**
 * @module TrentService.GenerateDataKey (KMS): a fresh data key, in plaintext and sealed under the account's key, bound
 * to the encryption context. Session Manager's clients call it for session-data encryption (64 bytes, the session and
 * node in the context).
 */
import { randomBytes } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import type { Keyring } from "../../../core/crypto/keyring.ts";
import { AwsEnum, AwsInteger } from "../../../core/validation/aws-shapes.ts";
import { keyArnOf, sealDataKey } from "../data-keys.ts";
import { EncryptionContextShape, KeyIdShape, NotFound } from "../kms-shapes.ts";

export function generateDataKeyAction(keyring: Keyring) {
  return defineAction({
    target: "TrentService",
    name: "GenerateDataKey",
    input: Type.Object({
      KeyId: KeyIdShape(),
      EncryptionContext: EncryptionContextShape(),
      NumberOfBytes: Type.Optional(AwsInteger({ min: 1, max: 1024 })),
      KeySpec: Type.Optional(AwsEnum(["AES_256", "AES_128"])),
      GrantTokens: Type.Optional(Type.Array(Type.String({ maxLength: 8192 }), { maxItems: 10 })),
    }),
    // The key the id names, as its ARN in the caller's account (another account's key is not found, below).
    resources: (ctx, input) => [keyArnOf(ctx, input.KeyId.trim()) ?? `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/*`],
    async handle(ctx, input) {
      const keyArn = keyArnOf(ctx, input.KeyId.trim());
      if (!keyArn) throw new NotFound(`Invalid keyId ${input.KeyId.slice(0, 2048)}`);
      if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined))
        throw new ValidationException("Please specify either number of bytes or key spec.");
      const bytes = input.NumberOfBytes ?? (input.KeySpec === "AES_128" ? 16 : 32);
      const dataKey = randomBytes(bytes);
      try {
        const blob = sealDataKey(keyring, ctx, keyArn, dataKey, input.EncryptionContext ?? {});
        return { KeyId: keyArn, CiphertextBlob: blob.toString("base64"), Plaintext: dataKey.toString("base64") };
      } finally {
        dataKey.fill(0);
      }
    },
  });
}
