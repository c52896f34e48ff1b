/**
 * @module POST /console/signin: an IAM user's console password for short-lived keys with a session token (one hour),
 * which the console then uses to sign its SSM API calls like any SDK. Unauthenticated by nature (on the allowlist);
 * every failure answers the same, and repeated failures for one user lock sign-in for a while.
 */

import { verifyPassword } from "../../core/crypto/password.ts";
import type { Route } from "../../core/http/http-server.ts";
import type { Logger } from "../../core/log.ts";
import type { IdentityStore } from "./identity-store.ts";

export const consoleSignInPath = "/console/signin";
export const consoleSessionMs = 60 * 60_000;
const maxFailures = 5;
const lockoutMs = 15 * 60_000;
const maxTrackedUsers = 10_000;

const send = (res: Parameters<Route["handle"]>[1], status: number, body: object) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  res.end(text);
};

export function consoleSignInRoute(store: IdentityStore, log: Logger, now: () => number = Date.now): Route {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    method: "POST",
    path: consoleSignInPath,
    auth: "none",
    async handle(_req, res, body) {
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
      const at = now();
      const record = failures.get(who);
      if (record && record.count >= maxFailures && at - record.since < lockoutMs) {
        send(res, 429, { __type: "ThrottlingException", message: "Too many failed sign-ins for this user; try again later." });
        return;
      }
      const hash = await store.passwordHash(AccountId, UserName);
      // An unknown user costs the same scrypt as a wrong password, so timing does not tell users apart.
      const ok = await verifyPassword(
        Password,
        hash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      );
      if (!hash || !ok) {
        // Guessing many user names must not grow the table without end: old records go first.
        if (failures.size >= maxTrackedUsers)
          for (const [key, kept] of failures) if (at - kept.since >= lockoutMs || failures.size >= maxTrackedUsers) failures.delete(key);
        const fresh = !record || at - record.since >= lockoutMs;
        failures.set(who, { count: fresh ? 1 : record.count + 1, since: fresh ? at : record.since });
        log.warn({ accountId: AccountId, userName: UserName }, "console sign-in failed");
        send(res, 401, { __type: "AccessDeniedException", message: "The account, user name or password is not right." });
        return;
      }
      failures.delete(who);
      const credentials = await store.issueSessionCredentials(AccountId, UserName, consoleSessionMs, at);
      log.info({ accountId: AccountId, userName: UserName }, "console sign-in");
      send(res, 200, { AccountId, UserName, Credentials: credentials });
    },
  };
}
