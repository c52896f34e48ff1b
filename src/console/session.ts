/**
 * @module The console's sessions: sign-in trades an IAM user's password for short-lived keys (POST /console/signin);
 * they live in sessionStorage (gone when the tab closes) and sign every API call. The region is the user's choice.
 * As in the AWS console's multi-session mode, up to five sessions (accounts or users) can be signed in at once and
 * the account menu switches between them; each keeps its own keys, so switching never widens what a user may do.
 */
import { readErrorBody } from "../protocol/errors/error-body.ts";

export interface Session {
  accountId: string;
  userName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
}

export interface Sessions {
  list: Session[];
  /** Which of `list` the console shows. */
  active: number;
}

const storageKey = "bosun.sessions";
export const maxSessions = 5;

const sameUser = (a: Session, b: Session) => a.accountId === b.accountId && a.userName === b.userName;

/** The stored sessions whose keys have not expired. */
export function loadSessions(): Sessions {
  const text = sessionStorage.getItem(storageKey);
  if (!text) return { list: [], active: 0 };
  const stored = JSON.parse(text) as { list: (Session & { credentials: { expiration: string } })[]; active: number };
  const all = stored.list.map((s) => ({ ...s, credentials: { ...s.credentials, expiration: new Date(s.credentials.expiration) } }));
  const activeOne = all[stored.active];
  const list = all.filter((s) => s.credentials.expiration.getTime() > Date.now());
  const active = activeOne ? list.indexOf(activeOne) : -1;
  return { list, active: active >= 0 ? active : Math.max(0, list.length - 1) };
}

export function saveSessions(sessions: Sessions): void {
  if (sessions.list.length > 0) sessionStorage.setItem(storageKey, JSON.stringify(sessions));
  else sessionStorage.removeItem(storageKey);
}

/** A new sign-in becomes the active session, replacing the same user's older one; the oldest goes beyond five. */
export function addSession(sessions: Sessions, session: Session): Sessions {
  const list = [...sessions.list.filter((s) => !sameUser(s, session)), session].slice(-maxSessions);
  return { list, active: list.length - 1 };
}

/** Signing out ends the active session only; the console shows the last one left. */
export function removeActiveSession(sessions: Sessions): Sessions {
  const list = sessions.list.filter((_, i) => i !== sessions.active);
  return { list, active: Math.max(0, list.length - 1) };
}

/** What the server answered when sign-in failed: its error name and message, shown as they are. */
export class SignInError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function signIn(accountId: string, userName: string, password: string, region: string): Promise<Session> {
  const response = await fetch("/console/signin", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ AccountId: accountId, UserName: userName, Password: password }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    Credentials?: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: number };
  };
  if (!response.ok || !body.Credentials) {
    const error = readErrorBody(response.status, body, response.headers.get("x-amzn-errortype"));
    throw new SignInError(error.exception, error.message || "Sign-in failed.");
  }
  const c = body.Credentials;
  return {
    accountId,
    userName,
    region,
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: new Date(c.Expiration * 1000),
    },
  };
}
