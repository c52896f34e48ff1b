/** @module Verifies a SigV4-signed request by recomputing its signature over exactly the headers the client signed. */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  ExpiredToken,
  IncompleteSignature,
  InvalidSignature,
  MissingAuthenticationToken,
  UnrecognizedClient,
} from "../../../protocol/errors/errors.ts";
import { parseAuthorizationHeader } from "./authorization-header.ts";

/** What the identity store knows about an access key. */
export interface AccessKeyRecord<P> {
  secretAccessKey: string;
  /** Present for temporary keys: the SHA-256 (hex) of the token the request must carry in `x-amz-security-token`. */
  sessionTokenSha256?: string;
  /** Epoch ms after which a temporary key is refused. */
  expiresAt?: number;
  principal: P;
}

export type AccessKeyLookup<P> = (accessKeyId: string) => Promise<AccessKeyRecord<P> | undefined>;

export interface IncomingSignedRequest {
  method: string;
  /** Path and query as received, e.g. `/` or `/a?b=c`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export interface VerifiedRequest<P> {
  accessKeyId: string;
  region: string;
  principal: P;
}

const allowedSkewMs = 5 * 60 * 1000;
const sha256 = Hash.bind(null, "sha256");
const invalidToken = "The security token included in the request is invalid.";

function header(headers: IncomingSignedRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** `20240102T030405Z` → Date, or undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function checkClock(signedAt: Date, now: number, value: string): void {
  if (signedAt.getTime() < now - allowedSkewMs) {
    throw new InvalidSignature(
      `Signature expired: ${value} is now earlier than ${amzDate(new Date(now - allowedSkewMs))} (${amzDate(new Date(now))} - 5 min.)`,
    );
  }
  if (signedAt.getTime() > now + allowedSkewMs) {
    throw new InvalidSignature(
      `Signature not yet current: ${value} is still later than ${amzDate(new Date(now + allowedSkewMs))} (${amzDate(new Date(now))} + 5 min.)`,
    );
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a request's SigV4 signature for `service`, and returns the signer's principal and the region of the
 * credential scope. Throws the AWS authentication error that fits.
 */
export async function verifySignature<P>(
  request: IncomingSignedRequest,
  service: string,
  lookup: AccessKeyLookup<P>,
  now: number = Date.now(),
): Promise<VerifiedRequest<P>> {
  const authorization = header(request.headers, "authorization");
  if (!authorization) throw new MissingAuthenticationToken("Missing Authentication Token");
  const claims = parseAuthorizationHeader(authorization);

  const dateValue = header(request.headers, "x-amz-date");
  if (!dateValue || !claims.signedHeaders.includes("x-amz-date")) {
    throw new IncompleteSignature("Authorization header requires existence of a signed 'X-Amz-Date' header.");
  }
  const signedAt = parseAmzDate(dateValue);
  if (!signedAt) throw new IncompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${dateValue}'.`);
  checkClock(signedAt, now, dateValue);
  if (claims.scopeDate !== dateValue.slice(0, 8)) {
    throw new InvalidSignature(`Credential should be scoped to a valid date: '${dateValue.slice(0, 8)}'.`);
  }
  if (claims.service !== service) {
    throw new InvalidSignature(`Credential should be scoped to correct service: '${service}'.`);
  }
  for (const name of claims.signedHeaders) {
    if (header(request.headers, name) === undefined) {
      throw new InvalidSignature(`Signed header '${name}' is missing from the request.`);
    }
  }

  const key = await lookup(claims.accessKeyId);
  if (!key) throw new UnrecognizedClient(invalidToken);
  if (key.sessionTokenSha256 !== undefined) {
    const token = header(request.headers, "x-amz-security-token");
    const tokenHash = token ? createHash("sha256").update(token).digest("hex") : "";
    if (!token || !claims.signedHeaders.includes("x-amz-security-token") || !constantTimeEqual(tokenHash, key.sessionTokenSha256)) {
      throw new UnrecognizedClient(invalidToken);
    }
    if (key.expiresAt !== undefined && key.expiresAt <= now) {
      throw new ExpiredToken("The security token included in the request is expired");
    }
  }

  // The signer takes a client's x-amz-content-sha256 as the payload hash unchecked, so check it against the body.
  const declaredHash = header(request.headers, "x-amz-content-sha256");
  if (declaredHash !== undefined && declaredHash !== createHash("sha256").update(request.body).digest("hex")) {
    throw new InvalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const signedHeaders: Record<string, string> = {};
  for (const name of claims.signedHeaders) signedHeaders[name] = header(request.headers, name) ?? "";
  const queryStart = request.url.indexOf("?");
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query: Record<string, string | string[]> = {};
  if (queryStart >= 0) {
    for (const [name, value] of new URLSearchParams(request.url.slice(queryStart + 1))) {
      const existing = query[name];
      query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: claims.accessKeyId, secretAccessKey: key.secretAccessKey },
    region: claims.region,
    service,
    sha256,
    applyChecksum: false,
  });
  const recomputed = await signer.sign(
    new HttpRequest({ method: request.method, path, query, headers: signedHeaders, body: request.body }),
    { signingDate: signedAt, signableHeaders: new Set(claims.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(recomputed.headers.authorization))?.[1] ?? "";
  if (!constantTimeEqual(expected, claims.signature)) {
    throw new InvalidSignature(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  return { accessKeyId: claims.accessKeyId, region: claims.region, principal: key.principal };
}
