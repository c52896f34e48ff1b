/** @module KMS's shapes: key ids, encryption contexts and blobs (base64 on the wire), and KMS's own exceptions. */
import { Type } from "@sinclair/typebox";
import { defineError } from "../../../protocol/errors/service-error.ts";
import { AwsString } from "../../core/validation/aws-shapes.ts";

export const NotFound = defineError("NotFoundException");
export const InvalidCiphertext = defineError("InvalidCiphertextException");

export const KeyIdShape = () => AwsString({ min: 1, max: 2048 });

/** An encryption context: string pairs, bound to the ciphertext (the same pairs must come to decrypt it). */
export const EncryptionContextShape = () =>
  Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.String({ maxLength: 2048 }), { maxProperties: 64 }));

/** A ciphertext blob, base64 as the JSON protocol carries blobs: 1 to 6,144 bytes. */
export const CiphertextBlobShape = () => AwsString({ min: 1, max: 8192, pattern: "^[A-Za-z0-9+/]*={0,2}$" });
