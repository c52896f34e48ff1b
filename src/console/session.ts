/**
 * @module The console's session: sign-in trades an IAM user's password for short-lived keys (POST /console/signin);
 * they live in sessionStorage (gone when the tab closes) and sign every API call. The region is the user's choice.
 */
export interface Session {
  accountId: string;
  userName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
}

const storageKey = "bosun.session";

export function loadSession(): Session | undefined {
  const text = sessionStorage.getItem(storageKey);
  if (!text) return undefined;
  const stored = JSON.parse(text) as Session & { credentials: { expiration: string } };
  const expiration = new Date(stored.credentials.expiration);
  if (expiration.getTime() <= Date.now()) return undefined;
  return { ...stored, credentials: { ...stored.credentials, expiration } };
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
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
  const body = (await response.json()) as {
    __type?: string;
    message?: string;
    Credentials?: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: number };
  };
  if (!response.ok || !body.Credentials) throw new SignInError(body.__type ?? `HTTP ${response.status}`, body.message ?? "Sign-in failed.");
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
