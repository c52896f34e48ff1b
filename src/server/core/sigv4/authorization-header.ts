/** @module Parses a SigV4 `Authorization` header into its credential scope, signed headers and signature. */
import { IncompleteSignature } from "../../../protocol/errors/errors.ts";

export interface SignatureClaims {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const algorithm = "AWS4-HMAC-SHA256";

/** Splits `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`; throws IncompleteSignature. */
export function parseAuthorizationHeader(header: string): SignatureClaims {
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${algorithm} `)) {
    throw new IncompleteSignature(`Authorization header requires the '${algorithm}' algorithm.`);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(algorithm.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((name) => !fields.get(name));
  if (missing.length > 0) {
    throw new IncompleteSignature(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" "));
  }
  const scope = (fields.get("Credential") ?? "").split("/");
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (scope.length !== 5 || !accessKeyId || !scopeDate || !region || !service || terminator !== "aws4_request") {
    throw new IncompleteSignature(
      "Credential should be scoped to a valid region, service and terminator: <key>/<date>/<region>/<service>/aws4_request.",
    );
  }
  const signature = fields.get("Signature") ?? "";
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw new IncompleteSignature("Signature must be 64 lowercase hexadecimal characters.");
  }
  const signedHeaders = (fields.get("SignedHeaders") ?? "").split(";").map((name) => name.toLowerCase());
  return { accessKeyId, scopeDate, region, service, signedHeaders, signature };
}
