/** @module Unauthenticated routes are an explicit allowlist: every other route refuses an unsigned request. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assertRoutesAllowed } from "../../src/server/core/http/http-server.ts";
import { unauthenticatedRoutes } from "../../src/server/core/http/unauthenticated-routes.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

describe("route allowlist", () => {
  it("lists exactly the routes that do not authenticate", () => {
    const open = t.server.routes.filter((r) => r.auth === "none").map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(open.sort(), [...unauthenticatedRoutes].sort());
  });

  it("refuses an unsigned request on every route that is not on the allowlist", async () => {
    const guarded = t.server.routes.filter((r) => !unauthenticatedRoutes.includes(`${r.method} ${r.path}`));
    assert.ok(guarded.length > 0);
    for (const route of guarded) {
      const response = await fetch(new URL(route.path, t.endpoint), {
        method: route.method,
        ...(route.method === "POST" ? { body: "{}" } : {}),
      });
      const body = (await response.json()) as { __type?: string };
      assert.equal(response.status, 400, `${route.method} ${route.path}`);
      assert.equal(body.__type, "MissingAuthenticationTokenException", `${route.method} ${route.path}`);
    }
  });

  it("answers the allowlisted health check without credentials, revealing nothing secret", async () => {
    const response = await fetch(new URL("/health", t.endpoint));
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.status, "ok");
    assert.deepEqual(Object.keys(body).sort(), ["status", "version"]);
  });

  it("answers an unknown path with 404 and no detail", async () => {
    const response = await fetch(new URL("/admin", t.endpoint));
    assert.equal(response.status, 404);
  });

  it("refuses to start with an unauthenticated route missing from the allowlist", () => {
    assert.throws(
      () => assertRoutesAllowed([{ method: "GET", path: "/debug", auth: "none", handle: async () => {} }]),
      /not on the allowlist/,
    );
  });
});
