/**
 * @module POST /console/signin: an IAM user's console password for short-lived keys with a session token (one hour),
 * which the console then uses to sign its SSM API calls like any SDK. Unauthenticated by nature (on the allowlist):
 * every failure answers the same; failures slow down their source address and their user name with a growing wait
 * (never a lockout, so nobody can lock a user out by guessing), and password hashing runs in a bounded queue.
 */

import { AccessDenied, SerializationException, ThrottlingException, ValidationException } from "../../../protocol/errors/errors.ts";
import { respondError } from "../../core/api/respond.ts";
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

/** Sign-in answers with catalog errors (ThrottlingException and AccessDeniedException are 400s, as in AWS). */
const noStore = { "Cache-Control": "no-store" };
const retryAfter = (ms: number) => ({ ...noStore, "Retry-After": String(Math.max(1, Math.ceil(ms / 1000))) });

export function consoleSignInRoute(store: IdentityStore, log: Logger, now: () => number): Route {
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
        respondError(res, new SerializationException("The body is not JSON."), noStore);
        return;
      }
      const { AccountId, UserName, Password } = input;
      if (typeof AccountId !== "string" || !/^\d{12}$/.test(AccountId) || typeof UserName !== "string" || typeof Password !== "string") {
        respondError(res, new ValidationException("Give AccountId (12 digits), UserName and Password."), noStore);
        return;
      }
      const who = `${AccountId}/${UserName}`;
      const source = `source:${req.socket.remoteAddress ?? "unknown"}`;
      const wait = Math.max(sources.waitFor(source), users.waitFor(who));
      if (wait > 0) {
        respondError(res, new ThrottlingException("Too many failed sign-ins; wait before trying again."), retryAfter(wait));
        return;
      }
      const hash = await store.passwordHash(AccountId, UserName);
      // An unknown user costs the same scrypt as a wrong password, so timing does not tell users apart.
      const verified = hashing.run(() =>
        verifyPassword(Password, hash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
      );
      if (!verified) {
        respondError(res, new ThrottlingException("Too many sign-ins at once; try again in a moment."), retryAfter(1000));
        return;
      }
      const ok = await verified;
      if (!hash || !ok) {
        users.failed(who);
        sources.failed(source);
        log.warn({ accountId: AccountId, userName: UserName }, "console sign-in failed");
        respondError(res, new AccessDenied("The account, user name or password is not right."), noStore);
        return;
      }
      users.succeeded(who);
      const credentials = await store.issueSessionCredentials(AccountId, UserName, consoleSessionMs, now());
      log.info({ accountId: AccountId, userName: UserName }, "console sign-in");
      const text = JSON.stringify({ AccountId, UserName, Credentials: credentials });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...noStore });
      res.end(text);
    },
  };
}
