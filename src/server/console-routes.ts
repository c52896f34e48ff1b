/**
 * @module The web console's page and assets, built by Vite into `dist/console/` (the package ships them): `GET /` is
 * the page, `GET /console/...` its files. Both are on the allowlist: they hold no data, and every call the page makes
 * is signed with the keys its sign-in gave.
 */
import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import type { Route } from "./core/http/http-server.ts";

/** From `src/server/` and from `dist/server/` alike, the built console is `<package>/dist/console/`. */
export const consoleAssetsDir = resolve(new URL("../../dist/console/", import.meta.url).pathname);

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".json": "application/json",
};

const securityHeaders = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

async function sendFile(res: Parameters<Route["handle"]>[1], path: string, cache: string): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    const missing = path.endsWith("index.html") ? "The console is not built: run `npm run build` in the checkout." : "Not Found";
    res.writeHead(path.endsWith("index.html") ? 503 : 404, { "Content-Type": "text/plain; charset=utf-8", ...securityHeaders });
    res.end(missing);
    return;
  }
  res.writeHead(200, {
    "Content-Type": contentTypes[extname(path)] ?? "application/octet-stream",
    "Content-Length": body.length,
    "Cache-Control": cache,
    ...securityHeaders,
  });
  res.end(body);
}

export function consoleRoutes(assets = consoleAssetsDir): Route[] {
  return [
    {
      method: "GET",
      path: "/",
      auth: "none",
      handle: (_req, res) => sendFile(res, resolve(assets, "index.html"), "no-cache"),
    },
    {
      method: "GET",
      path: "/console/",
      prefix: true,
      auth: "none",
      async handle(req, res) {
        let relative = "";
        try {
          relative = decodeURIComponent((req.url ?? "").split("?")[0]?.slice("/console/".length) ?? "");
        } catch {
          // A malformed escape names no file.
        }
        const path = resolve(assets, relative);
        if (relative === "" || !path.startsWith(assets + sep) || relative.includes("\0")) {
          res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
          res.end("Not Found");
          return;
        }
        // Vite names assets by content hash: they never change under one name.
        await sendFile(res, path, relative.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      },
    },
  ];
}
