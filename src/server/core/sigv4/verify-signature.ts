/** @module Verifies a SigV4-signed request by recomputing its signature over exactly the headers the client signed. */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { createScope, getCanonicalHeaders, getSigningKey, SignatureV4 } from "@smithy/signature-v4";
import {
  ExpiredToken,
  IncompleteSignature,
  InvalidSignature,
  MissingAuthenticationToken,
  UnrecognizedClient,
} from "../../../protocol/errors/errors.ts";
import { machineClock } from "../clock.ts";
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

/** `20240102T030405Z` → Date, or undefined when malformed or not a real date (month 13 does not roll over). */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute;
  return exact && second < 60 ? date : undefined;
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

/** Smithy's signer, used only for its canonical-request builder (it holds no credentials). */
class Canonicalizer extends SignatureV4 {
  constructor(service: string) {
    super({ credentials: { accessKeyId: "", secretAccessKey: "" }, region: "", service, sha256, applyChecksum: false });
  }

  canonicalRequest(request: HttpRequest, signedHeaders: string[], payloadHash: string): string {
    return this.createCanonicalRequest(request, getCanonicalHeaders(request, undefined, new Set(signedHeaders)), payloadHash);
  }
}

const canonicalizers = new Map<string, Canonicalizer>();

function canonicalizer(service: string): Canonicalizer {
  let signer = canonicalizers.get(service);
  if (!signer) {
    signer = new Canonicalizer(service);
    canonicalizers.set(service, signer);
  }
  return signer;
}

function parseQuery(url: string): { path: string; query: Record<string, string | string[]> } {
  const queryStart = url.indexOf("?");
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query: Record<string, string | string[]> = {};
  if (queryStart >= 0) {
    for (const [name, value] of new URLSearchParams(url.slice(queryStart + 1))) {
      const existing = query[name];
      query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  }
  return { path, query };
}

/**
 * The signature the client should have sent: smithy's canonical request over exactly the signed headers, smithy's
 * (cached) signing key, and the string to sign of SigV4. It is what `SignatureV4.sign` computes, without cloning
 * the request or hashing through promises on every call.
 */
async function expectedSignature(
  request: IncomingSignedRequest,
  claims: { signedHeaders: string[]; accessKeyId: string; scopeDate: string; region: string },
  amzDate: string,
  secretAccessKey: string,
  service: string,
  payloadHash: string,
): Promise<string> {
  const headers: Record<string, string> = {};
  for (const name of claims.signedHeaders) headers[name] = header(request.headers, name) ?? "";
  const { path, query } = parseQuery(request.url);
  const httpRequest = new HttpRequest({ method: request.method, path, query, headers });
  const canonicalRequest = canonicalizer(service).canonicalRequest(httpRequest, claims.signedHeaders, payloadHash);
  const scope = createScope(claims.scopeDate, claims.region, service);
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
  const signingKey = await getSigningKey(
    sha256,
    { accessKeyId: claims.accessKeyId, secretAccessKey },
    claims.scopeDate,
    claims.region,
    service,
  );
  return createHmac("sha256", signingKey).update(stringToSign).digest("hex");
}

/**
 * Checks a request's SigV4 signature for `service`, and returns the signer's principal and the region of the
 * credential scope. Throws the AWS authentication error that fits.
 */
export async function verifySignature<P>(
  request: IncomingSignedRequest,
  service: string,
  lookup: AccessKeyLookup<P>,
  now: number = machineClock(),
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
  // The headers that say what the request does must be signed, or a captured request could be replayed as another
  // action (X-Amz-Target) or at another server (Host).
  for (const name of ["host", "x-amz-target"]) {
    if (header(request.headers, name) !== undefined && !claims.signedHeaders.includes(name)) {
      throw new IncompleteSignature(`Authorization header requires '${name === "host" ? "Host" : "X-Amz-Target"}' to be signed.`);
    }
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

  // The payload hash is always the body's own: a client's x-amz-content-sha256 is checked, never trusted.
  const payloadHash = createHash("sha256").update(request.body).digest("hex");
  const declaredHash = header(request.headers, "x-amz-content-sha256");
  if (declaredHash !== undefined && declaredHash !== payloadHash) {
    throw new InvalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const expected = await expectedSignature(request, claims, dateValue, key.secretAccessKey, service, payloadHash);
  if (!constantTimeEqual(expected, claims.signature)) {
    throw new InvalidSignature(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  return { accessKeyId: claims.accessKeyId, region: claims.region, principal: key.principal };
}
