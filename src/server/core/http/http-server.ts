/** @module The HTTP listener: a fixed route table, body limits, and graceful shutdown. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Logger } from "../log.ts";
import { unauthenticatedRoutes } from "./unauthenticated-routes.ts";

/** `agent-key`: a node proves itself by signing a server challenge with its registered key (see the agent gateway). */
export type RouteAuth = "sigv4" | "none" | "agent-key";

export interface Route {
  method: "GET" | "POST";
  path: string;
  /** `none` is allowed only for routes on the allowlist in unauthenticated-routes.ts. */
  auth: RouteAuth;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  /** Matches every path that starts with `path` (static files), when no exact route does. */
  prefix?: boolean;
  /** Takes over the connection of a WebSocket upgrade request on this path. */
  upgrade?(req: IncomingMessage, socket: Socket, head: Buffer): void;
}

export const maxBodyBytes = 16 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface HttpServer {
  url: string;
  port: number;
  routes: readonly Route[];
  close(): Promise<void>;
}

/** Checks the route table against the allowlist, so an unauthenticated route cannot be added by accident. */
export function assertRoutesAllowed(routes: readonly Route[]): void {
  for (const route of routes) {
    if (route.auth === "none" && !unauthenticatedRoutes.includes(`${route.method} ${route.path}`)) {
      throw new Error(`route ${route.method} ${route.path} is unauthenticated but not on the allowlist`);
    }
  }
}

/** Starts listening; resolves once the port is bound. */
export async function startHttpServer(routes: readonly Route[], options: { host: string; port: number; log: Logger }): Promise<HttpServer> {
  assertRoutesAllowed(routes);
  const table = new Map(routes.filter((r) => !r.prefix).map((route) => [`${route.method} ${route.path}`, route]));
  const prefixed = routes.filter((r) => r.prefix);
  const server: Server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = table.get(`${req.method} ${path}`) ?? prefixed.find((r) => r.method === req.method && path.startsWith(r.path));
    if (!route) {
      sendJson(res, 404, { __type: "NotFoundException", message: "Not Found" });
      req.resume();
      return;
    }
    readBody(req)
      .then((body) => {
        if (body === undefined) {
          sendJson(res, 413, { __type: "RequestEntityTooLargeException", message: "Request body too large" });
          return;
        }
        return route.handle(req, res, body);
      })
      .catch((error: unknown) => {
        options.log.error({ err: error, path }, "route failed");
        if (!res.headersSent) sendJson(res, 500, { __type: "InternalServerError", Message: "An internal error occurred." });
        else res.destroy();
      });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = table.get(`GET ${path}`);
    if (route?.upgrade) route.upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests in flight get a moment to finish; then their sockets go.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
