/** @module The explicit allowlist of routes that answer without authentication. Every other route must authenticate. */
export const unauthenticatedRoutes: readonly string[] = [
  "GET /health",
  // A machine registering proves itself with an activation id and code, not with SigV4 (as SSM's RegisterManagedInstance).
  "POST /agent/v1/register",
  // The console's sign-in trades a user's password for short-lived keys (rate-limited per user).
  "POST /console/signin",
  // The console's page and its static assets (no data: every call they make is SigV4-signed).
  "GET /",
  "GET /console/",
];
