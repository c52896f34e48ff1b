/** @module The registration exchange: an agent presents an activation and its public key, and gets an `mi-` id. */
import { type Static, Type } from "@sinclair/typebox";

export const registerPath = "/agent/v1/register";

export const RegisterRequest = Type.Object({
  ActivationId: Type.String({ minLength: 36, maxLength: 36 }),
  ActivationCode: Type.String({ minLength: 20, maxLength: 250 }),
  /** The region the activation was created in; registration elsewhere is refused. */
  Region: Type.String({ minLength: 1, maxLength: 64 }),
  /** The node's public key: base64 of its DER SubjectPublicKeyInfo. */
  PublicKey: Type.String({ minLength: 1, maxLength: 1024 }),
  PublicKeyType: Type.Literal("Ed25519"),
  Hostname: Type.Optional(Type.String({ maxLength: 255 })),
});
export type RegisterRequest = Static<typeof RegisterRequest>;

export interface RegisterResponse {
  InstanceId: string;
}

/** `mi-` and 17 lowercase hexadecimal digits. */
export const managedInstanceIdPattern = /^mi-[0-9a-f]{17}$/;
