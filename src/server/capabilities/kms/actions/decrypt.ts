/**
 * @module TrentService.Decrypt (KMS): the data key a ciphertext blob holds, given the same encryption context. The
 * key is authorized as the blob names it; a blob from another account, another context or altered bytes is
 * InvalidCiphertextException, as KMS says it, without telling which.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { Keyring } from "../../../core/crypto/keyring.ts";
import { keyArnInBlob, keyArnOf, openDataKey } from "../data-keys.ts";
import { CiphertextBlobShape, EncryptionContextShape, InvalidCiphertext, KeyIdShape } from "../kms-shapes.ts";

const blobOf = (base64: string) => Buffer.from(base64, "base64");

export function decryptAction(keyring: Keyring) {
  return defineAction({
    target: "TrentService",
    name: "Decrypt",
    input: Type.Object({
      CiphertextBlob: CiphertextBlobShape(),
      EncryptionContext: EncryptionContextShape(),
      KeyId: Type.Optional(KeyIdShape()),
      GrantTokens: Type.Optional(Type.Array(Type.String({ maxLength: 8192 }), { maxItems: 10 })),
      EncryptionAlgorithm: Type.Optional(Type.Literal("SYMMETRIC_DEFAULT")),
    }),
    // The key the blob was sealed under (its ARN travels in the blob), not a key id the caller chose to name.
    resources: (ctx, input) => [keyArnInBlob(blobOf(input.CiphertextBlob)) ?? `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/*`],
    async handle(ctx, input) {
      const blob = blobOf(input.CiphertextBlob);
      const named = input.KeyId === undefined ? undefined : keyArnOf(ctx, input.KeyId.trim());
      let opened: { keyArn: string; dataKey: Buffer };
      try {
        opened = openDataKey(keyring, ctx, blob, input.EncryptionContext ?? {});
      } catch {
        throw new InvalidCiphertext("The ciphertext is not valid for this key and encryption context.");
      }
      try {
        if (input.KeyId !== undefined && named !== opened.keyArn)
          throw new InvalidCiphertext("The ciphertext was not encrypted under the key named by KeyId.");
        return { KeyId: opened.keyArn, Plaintext: opened.dataKey.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
      } finally {
        opened.dataKey.fill(0);
      }
    },
  });
}
