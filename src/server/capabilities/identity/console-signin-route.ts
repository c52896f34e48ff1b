/**
 * @module POST /console/signin: an IAM user's console password for short-lived keys with a session token (one hour),
 * which the console then uses to sign its SSM API calls like any SDK. Unauthenticated by nature (on the allowlist):
 * every failure answers the same; failures slow down their source address and their user name with a growing wait
 * (never a lockout, so nobody can lock a user out by guessing), and password hashing runs in a bounded queue.
 */

import { verifyPassword } from "../../core/crypto/password.ts";
import { type BackoffPolicy, BoundedQueue, FailureBackoff } from "../../core/http/failure-backoff.ts";
import type { Route } from "../../core/http/http-server.ts";
import type { Logger } from "../../core/log.ts";
import type { IdentityStore } from "./identity-store.ts";

export const consoleSignInPath = "/console/signin";
export const consoleSessionMs = 60 * 60_000;
/** A user's own mistakes cost little; a source trying many users (password spraying) is slowed far more. */
const perUser: BackoffPolicy = { freeFailures: 5, baseMs: 1000, maxMs: 60_000, forgetAfterMs: 15 * 60_000, maxKeys: 10_000 };
const perSource: BackoffPolicy = { freeFailures: 20, baseMs: 1000, maxMs: 5 * 60_000, forgetAfterMs: 15 * 60_000, maxKeys: 10_000 };

const send = (res: Parameters<Route["handle"]>[1], status: number, body: object, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(text);
};

const throttled = (res: Parameters<Route["handle"]>[1], waitMs: number) =>
  send(
    res,
    429,
    { __type: "ThrottlingException", message: "Too many failed sign-ins; wait before trying again." },
    { "Retry-After": String(Math.ceil(waitMs / 1000)) },
  );

export function consoleSignInRoute(store: IdentityStore, log: Logger, now: () => number = Date.now): Route {
  const users = new FailureBackoff(perUser, now);
  const sources = new FailureBackoff(perSource, now);
  // scrypt costs tens of milliseconds of CPU: two at a time, a few waiting, the rest told to come back.
  const hashing = new BoundedQueue(2, 16);
  return {
    method: "POST",
    path: consoleSignInPath,
    auth: "none",
    async handle(req, res, body) {
      let input: { AccountId?: unknown; UserName?: unknown; Password?: unknown };
      try {
        input = JSON.parse(body.toString("utf8")) as typeof input;
      } catch {
        send(res, 400, { __type: "SerializationException", message: "The body is not JSON." });
        return;
      }
      const { AccountId, UserName, Password } = input;
      if (typeof AccountId !== "string" || !/^\d{12}$/.test(AccountId) || typeof UserName !== "string" || typeof Password !== "string") {
        send(res, 400, { __type: "ValidationException", message: "Give AccountId (12 digits), UserName and Password." });
        return;
      }
      const who = `${AccountId}/${UserName}`;
      const source = `source:${req.socket.remoteAddress ?? "unknown"}`;
      const wait = Math.max(sources.waitFor(source), users.waitFor(who));
      if (wait > 0) {
        throttled(res, wait);
        return;
      }
      const hash = await store.passwordHash(AccountId, UserName);
      // An unknown user costs the same scrypt as a wrong password, so timing does not tell users apart.
      const verified = hashing.run(() =>
        verifyPassword(Password, hash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
      );
      if (!verified) {
        send(
          res,
          503,
          { __type: "ThrottlingException", message: "Too many sign-ins at once; try again in a moment." },
          { "Retry-After": "1" },
        );
        return;
      }
      const ok = await verified;
      if (!hash || !ok) {
        users.failed(who);
        sources.failed(source);
        log.warn({ accountId: AccountId, userName: UserName }, "console sign-in failed");
        send(res, 401, { __type: "AccessDeniedException", message: "The account, user name or password is not right." });
        return;
      }
      users.succeeded(who);
      const credentials = await store.issueSessionCredentials(AccountId, UserName, consoleSessionMs, now());
      log.info({ accountId: AccountId, userName: UserName }, "console sign-in");
      send(res, 200, { AccountId, UserName, Credentials: credentials });
    },
  };
}
