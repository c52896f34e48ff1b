/** @module The explicit allowlist of routes that answer without authentication. Every other route must authenticate. */
export const unauthenticatedRoutes: readonly string[] = ["GET /health"];
