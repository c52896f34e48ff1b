/** @module GET /health: liveness for load balancers; unauthenticated (on the allowlist) and says nothing secret. */
import type { Route } from "./core/http/http-server.ts";

export function healthRoute(version: string): Route {
  return {
    method: "GET",
    path: "/health",
    auth: "none",
    async handle(_req, res) {
      const body = JSON.stringify({ status: "ok", version });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    },
  };
}
