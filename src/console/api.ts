/**
 * @module The console's API clients: the same SSM API the CLI and SDKs use, signed with the session's keys. SSM's own
 * actions go through `@aws-sdk/client-ssm`; Bosun's actions (target `Bosun.`, e.g. fleet search), which that client
 * cannot name, are signed the same way (SigV4, service `ssm`) by `bosunCall`; KMS's (session-data keys) by `kmsCall`.
 */
import { SSMClient } from "@aws-sdk/client-ssm";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { readErrorBody } from "../protocol/errors/error-body.ts";
import type { Session } from "./session.ts";

export const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

/**
 * Errors that mean the session's keys no longer work (expired, or no longer known to the server, e.g. after a restart
 * with a new signing key or a deleted user): the console asks for a sign-in instead of showing them above a page.
 */
const rejectedKeyErrors = new Set(["ExpiredTokenException", "UnrecognizedClientException", "InvalidSignatureException"]);
export const keysRejectedEvent = "bosun:keys-rejected";

function noticeRejectedKeys(name: string | undefined): void {
  if (name && rejectedKeyErrors.has(name)) window.dispatchEvent(new Event(keysRejectedEvent));
}

/** A client of the SDK that tells the console when its keys were refused (any service's client: SSM, Organizations). */
export function withRejectedKeyNotice<C extends { middlewareStack: SSMClient["middlewareStack"] }>(client: C): C {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        noticeRejectedKeys((error as { name?: string }).name);
        throw error;
      }
    },
    { step: "initialize", name: "bosunRejectedKeys" },
  );
  return client;
}

export function ssmClient(session: Session): SSMClient {
  return withRejectedKeyNotice(
    new SSMClient({ endpoint: window.location.origin, region: session.region, credentials: session.credentials, maxAttempts: 2 }),
  );
}

/** An error a Bosun action answered with: its AWS exception name and the service's message. */
export class BosunError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Calls a Bosun action (`Bosun.<action>`) with the session's keys: AWS JSON 1.1, SigV4 like every SSM call. */
export function bosunCall<T>(session: Session, action: string, input: object): Promise<T> {
  return signedCall<T>(session, `Bosun.${action}`, "ssm", input);
}

/** Calls a KMS action (`TrentService.<action>`), signed for KMS (session-data encryption's GenerateDataKey). */
export function kmsCall<T>(session: Session, action: string, input: object): Promise<T> {
  return signedCall<T>(session, `TrentService.${action}`, "kms", input);
}

async function signedCall<T>(session: Session, target: string, service: string, input: object): Promise<T> {
  const signer = new SignatureV4({ credentials: session.credentials, region: session.region, service, sha256: Sha256 });
  const url = new URL(window.location.origin);
  const body = JSON.stringify(input);
  const request = new HttpRequest({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: "/",
    headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body,
  });
  const signed = await signer.sign(request);
  // The browser sets Host itself and refuses to be told it.
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(new URL("/", url), { method: "POST", headers, body });
  const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = readErrorBody(response.status, payload, response.headers.get("x-amzn-errortype"));
    noticeRejectedKeys(error.exception);
    throw new BosunError(error.exception, error.message);
  }
  return payload as T;
}

/** Every page of a paginated call, up to `limit` items (a console shows what a person can read, not millions). */
export async function allPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>,
  limit = 10_000,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(...(page.items ?? []));
    token = page.next;
  } while (token && all.length < limit);
  return all;
}

/** An API error as the console shows it: the exception name and the service's message. */
export function describeError(error: unknown): { title: string; message: string } {
  const e = error as { name?: string; message?: string };
  return { title: e.name ?? "Error", message: e.message ?? String(error) };
}
