/** @module The HTTP listener: a fixed route table, body limits, and graceful shutdown. */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";
import { InternalServerError, RequestEntityTooLarge, RouteNotFound, ServiceUnavailable } from "../../../protocol/errors/errors.ts";
import { rawErrorResponse, respondError } from "../api/respond.ts";
import type { Logger } from "../log.ts";
import { unauthenticatedRoutes } from "./unauthenticated-routes.ts";

/** `agent-key`: a node proves itself by signing a server challenge with its registered key (see the agent gateway). */
/**
 * How a route's caller proves itself: SigV4 (the API), the node's key (the agent's channel), a session's token in the
 * first frame of a data socket (Session Manager), or nothing (only the allowlist in unauthenticated-routes.ts).
 */
export type RouteAuth = "sigv4" | "none" | "agent-key" | "session-token";

export interface Route {
  method: "GET" | "POST";
  path: string;
  /** `none` is allowed only for routes on the allowlist in unauthenticated-routes.ts. */
  auth: RouteAuth;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  /** Matches every path that starts with `path` (static files), when no exact route does. */
  prefix?: boolean;
  /** The largest body this request may have (the API's depends on its action); `defaultMaxBodyBytes` otherwise. */
  maxBodyBytes?(req: IncomingMessage): number;
  /** Takes over the connection of a WebSocket upgrade request on this path. */
  upgrade?(req: IncomingMessage, socket: Socket, head: Buffer): void;
}

/** The body limit of a route that does not set one: every unauthenticated route takes a few KB. */
export const defaultMaxBodyBytes = 64 * 1024;

/**
 * What a flood of requests may take before any of them is authenticated. Bodies are read before their signature can
 * be checked, so their bytes are capped in total; stalled and idle connections are closed by timeouts; past the
 * connection limit a new connection is answered 503 and closed, with the file descriptors it needs still free.
 */
export interface HttpLimits {
  /** Sockets open at once (agents' channels included). */
  maxConnections: number;
  /** Bytes of request bodies being received at once, across every connection. */
  maxPendingBodyBytes: number;
  /** Time to receive a request's headers (slowloris). */
  headersTimeoutMs: number;
  /** Time to receive a whole request. */
  requestTimeoutMs: number;
  /** How long a keep-alive connection may sit idle between requests. */
  keepAliveTimeoutMs: number;
}

/**
 * The connections a server may hold: what its file-descriptor limit leaves after 1,024 for the database, the data
 * folder, output staging and its own outbound calls, so that /health still answers when every slot is taken.
 */
export function connectionLimitFromFileLimit(): number {
  let soft = 4096;
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"))?.[1];
    if (line) soft = line === "unlimited" ? 1_048_576 : Number(line);
  } catch {
    // Not Linux: a conservative default.
  }
  return Math.max(256, soft - 1024);
}

export const defaultHttpLimits: HttpLimits = {
  maxConnections: connectionLimitFromFileLimit(),
  maxPendingBodyBytes: 64 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
};

/** Counts the bytes of bodies being received, so that all of them together stay under a budget. */
class BodyBudget {
  private used = 0;
  constructor(private readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes: number): void {
    this.used -= bytes;
  }
}

type BodyOutcome = { body: Buffer } | { refused: 413 | 503 };

/**
 * Reads a body of at most `limit` bytes. A declared Content-Length over the limit is refused before a byte is read;
 * a body whose bytes do not fit the shared budget is refused at once (503) rather than waited for.
 */
function readBody(req: IncomingMessage, limit: number, budget: BodyBudget): Promise<BodyOutcome> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limit) return Promise.resolve({ refused: 413 });
  if (!Number.isNaN(declared) && !budget.take(declared)) return Promise.resolve({ refused: 503 });
  let reserved = Number.isNaN(declared) ? 0 : declared;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: BodyOutcome) => {
      budget.give(reserved);
      reserved = 0;
      req.removeAllListeners("data");
      resolve(outcome);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish({ refused: 413 });
      if (size > reserved) {
        // A chunked body (or one longer than it said) takes its bytes from the budget as they come.
        if (!budget.take(size - reserved)) return finish({ refused: 503 });
        reserved = size;
      }
      chunks.push(chunk);
    });
    req.on("end", () => finish({ body: Buffer.concat(chunks) }));
    // An aborted request has nobody to answer; its bytes go back to the budget.
    req.on("error", () => finish({ refused: 413 }));
    req.on("close", () => {
      if (reserved > 0) finish({ refused: 413 });
    });
  });
}

const busy = () => new ServiceUnavailable("The server is busy; retry with backoff.");
const tooLarge = () => new RequestEntityTooLarge("Request body too large");

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
export async function startHttpServer(
  routes: readonly Route[],
  options: { host: string; port: number; log: Logger; limits?: Partial<HttpLimits> },
): Promise<HttpServer> {
  assertRoutesAllowed(routes);
  const limits = { ...defaultHttpLimits, ...options.limits };
  const budget = new BodyBudget(limits.maxPendingBodyBytes);
  const table = new Map(routes.filter((r) => !r.prefix).map((route) => [`${route.method} ${route.path}`, route]));
  const prefixed = routes.filter((r) => r.prefix);
  const server: Server = createServer(
    {
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for connections past those timeouts.
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const route = table.get(`${req.method} ${path}`) ?? prefixed.find((r) => r.method === req.method && path.startsWith(r.path));
      if (!route) {
        respondError(res, new RouteNotFound("Not Found"));
        req.resume();
        return;
      }
      readBody(req, route.maxBodyBytes?.(req) ?? defaultMaxBodyBytes, budget)
        .then((outcome) => {
          if ("body" in outcome) return route.handle(req, res, outcome.body);
          // Unread bytes may still be on their way: answer, then close the connection rather than drain it.
          if (!res.headersSent && !res.destroyed) respondError(res, outcome.refused === 413 ? tooLarge() : busy(), { Connection: "close" });
          req.socket.end();
        })
        .catch((error: unknown) => {
          options.log.error({ err: error, path }, "route failed");
          if (!res.headersSent) respondError(res, new InternalServerError("An internal error occurred."));
          else res.destroy();
        });
    },
  );
  // Connections are accepted here and handed to the HTTP server while there is room. At the limit, the connection
  // that has been idle longest (no request under way: new and silent, or kept alive after one) makes room, so a flood
  // of idle connections cannot keep a real request (or /health) out; when every connection is busy (requests under
  // way, agents' channels), a new one hears 503 and goes, before the HTTP parser spends anything on it.
  let open = 0;
  const idle = new Set<Socket>();
  const refusal = rawErrorResponse(busy());
  const listener = createNetServer((socket) => {
    socket.on("error", () => {});
    if (open >= limits.maxConnections) {
      const oldest = idle.values().next().value;
      if (oldest) {
        idle.delete(oldest);
        oldest.destroy();
      } else {
        socket.end(refusal);
        setTimeout(() => socket.destroy(), 1000).unref();
        return;
      }
    }
    open++;
    idle.add(socket);
    socket.once("close", () => {
      open--;
      idle.delete(socket);
    });
    server.emit("connection", socket);
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    idle.delete(socket);
    // Idle again once answered (kept alive), and the newest idle one: the last to be made to go.
    res.once("finish", () => {
      if (!socket.destroyed) idle.add(socket);
    });
  });
  // The HTTP server never listens itself (the listener above does), so it is told it is listening: that is when Node
  // starts tracking its connections, which the header, request and keep-alive timeouts need.
  server.emit("listening");
  // A client that goes away mid-request is ordinary: no stack trace for it.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT" && socket.writable)
      socket.end("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n");
    else if (socket.writable && error.code !== "ECONNRESET") socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // An agent's channel is never idle in this sense: it is not made to go for a newcomer.
    idle.delete(socket);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = table.get(`GET ${path}`) ?? prefixed.find((r) => r.method === "GET" && r.upgrade && path.startsWith(r.path));
    if (route?.upgrade) route.upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(options.port, options.host, () => {
      listener.off("error", reject);
      resolve();
    });
  });
  const { port } = listener.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve());
        server.close();
        server.closeIdleConnections();
        // Requests in flight get a moment to finish; then their sockets go.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
