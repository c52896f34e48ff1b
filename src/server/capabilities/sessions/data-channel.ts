/**
 * @module The two data sockets of a session. The client's (the plugin's, the console's) is the StreamUrl StartSession
 * answers, `/v1/data-channel/<session id>` as in SSM; its first frame is the text OpenDataChannelInput, whose
 * TokenValue must be the session's current client token (each token attaches once: a reconnect asks ResumeSession
 * for a new one). The agent's is `/agent/v1/sessions/<session id>`, with the token the server gave the node over its
 * own channel. Until the token is shown, a socket is given 10 seconds and one small frame.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { sessionSocketPath } from "../../../protocol/agent/channel.ts";
import { MissingAuthenticationToken } from "../../../protocol/errors/errors.ts";
import type { OpenDataChannelInput } from "../../../protocol/session/handshake.ts";
import { respondError } from "../../core/api/respond.ts";
import type { Route } from "../../core/http/http-server.ts";
import type { Logger } from "../../core/log.ts";
import type { LiveSessionInfo, SessionRelay, Side } from "./session-relay.ts";
import { activeStatuses, type SessionRow, type SessionStore, tokenMatches } from "./session-store.ts";

export const dataChannelPath = "/v1/data-channel/";
const firstFrameTimeoutMs = 10_000;
/** The largest frame either side sends: a stream message of 32 KiB and its header, with room to spare. */
const maxFrameBytes = 1024 * 1024;
/** Frames a socket may send between its token and the session's attaching. */
const maxEarlyFrames = 64;
/** Close code for a socket that did not prove itself. */
const refusedCode = 4003;

export interface DataChannelDeps {
  store: SessionStore;
  relay: SessionRelay;
  log: Logger;
  now: () => number;
  /** What the relay needs of a session row (its timeouts come from the preferences it was started with). */
  liveInfo(row: SessionRow): LiveSessionInfo;
  /** The client attached: its token is spent. */
  spendClientToken(row: SessionRow): Promise<void>;
  /** A side attached: the session's recording starts (once). */
  beginRecording(row: SessionRow): Promise<void>;
}

/** The token a first frame shows, or undefined when the frame is not what that side sends. */
function tokenOf(side: Side, data: RawData, isBinary: boolean): string | undefined {
  if (isBinary) return undefined;
  try {
    const parsed = JSON.parse(String(data)) as Partial<OpenDataChannelInput> & { token?: unknown };
    const token = side === "client" ? parsed.TokenValue : parsed.token;
    return typeof token === "string" && token.length > 0 && token.length <= 300 ? token : undefined;
  } catch {
    return undefined;
  }
}

function sessionRoute(deps: DataChannelDeps, side: Side, path: string): Route {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });

  async function admit(socket: WebSocket, sessionId: string, token: string): Promise<void> {
    const row = await deps.store.byId(sessionId);
    const hash = side === "client" ? row?.client_token_hash : row?.agent_token_hash;
    const fresh = side === "agent" || (row?.client_token_expires ?? 0) > deps.now();
    // An unknown session and a wrong token get the same answer.
    if (!row || !hash || !tokenMatches(token, hash) || !fresh || !activeStatuses.includes(row.status)) {
      socket.close(refusedCode, "The session does not exist, has ended, or the token is not valid.");
      return;
    }
    if (side === "client") await deps.spendClientToken(row);
    await deps.beginRecording(row);
    deps.relay.attach(deps.liveInfo(row), side, socket);
  }

  wss.on("connection", (socket: WebSocket, req: IncomingMessage) => {
    const sessionId = decodeURIComponent(((req.url ?? "").split("?")[0] ?? "").slice(path.length));
    const timer = setTimeout(() => socket.close(refusedCode, "No token within 10 seconds."), firstFrameTimeoutMs);
    socket.once("message", (data, isBinary) => {
      clearTimeout(timer);
      const token = tokenOf(side, data, isBinary);
      if (!token || !/^[a-zA-Z0-9@._+=,-]{1,96}$/.test(sessionId)) {
        socket.close(refusedCode, "The first frame must carry the session's token.");
        return;
      }
      // Frames that follow the token are kept (a few) until the session is attached, then handed to it in order.
      const early: [RawData, boolean][] = [];
      const keep = (frame: RawData, binary: boolean) => {
        if (early.push([frame, binary]) > maxEarlyFrames) socket.close(refusedCode, "Too many frames before the session was attached.");
      };
      socket.on("message", keep);
      admit(socket, sessionId, token)
        .then(() => {
          socket.off("message", keep);
          for (const [frame, binary] of early) socket.emit("message", frame, binary);
        })
        .catch((error: unknown) => {
          deps.log.error({ err: error, sessionId }, "attaching a session socket failed");
          socket.close(1011, "internal error");
        });
    });
    socket.on("error", () => socket.terminate());
  });

  return {
    method: "GET",
    path,
    prefix: true,
    auth: side === "client" ? "session-token" : "agent-key",
    async handle(_req, res) {
      respondError(res, new MissingAuthenticationToken("A session's data channel is a WebSocket whose first frame carries its token."));
    },
    upgrade(req: IncomingMessage, socket: Socket, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },
  };
}

export function dataChannelRoutes(deps: DataChannelDeps): Route[] {
  return [sessionRoute(deps, "client", dataChannelPath), sessionRoute(deps, "agent", sessionSocketPath)];
}
