/**
 * @module The agent's sessions: the server says a session is waiting (a `session` frame on the channel), the agent
 * opens its data socket and starts the session type's plugin — a terminal, a command, a port. A session is served
 * once (a redelivered frame is ignored) and everything it started stops with it.
 */
import type { Logger } from "pino";
import type { ServerMessage, SessionWork } from "../../protocol/agent/channel.ts";
import { portSessionMultiplexed } from "../../protocol/session/smux.ts";
import { startCommand } from "./command-session.ts";
import { startMuxPort } from "./mux-port-session.ts";
import { portTarget, startPort } from "./port-session.ts";
import { runAsUser } from "./run-as.ts";
import { openSession, type SessionChannel, type SessionPlugin } from "./session-socket.ts";
import { startTerminal } from "./terminal-session.ts";

type SessionFrame = Extract<ServerMessage, { type: "session" | "session-ended" }>;

export class SessionWorker {
  private readonly running = new Map<string, { close(reason: string): void }>();

  constructor(private readonly options: { server: string; log: Logger }) {}

  get size(): number {
    return this.running.size;
  }

  handle(frame: SessionFrame): void {
    if (frame.type === "session-ended") {
      this.running.get(frame.sessionId)?.close("The session was ended by the server.");
      return;
    }
    if (this.running.has(frame.sessionId)) return;
    this.start(frame);
  }

  stopAll(): void {
    for (const session of [...this.running.values()]) session.close("The agent is stopping.");
  }

  private start(work: SessionWork): void {
    const { log } = this.options;
    const commands = commandOf(work);
    const session = openSession({
      server: work.relay ?? this.options.server,
      sessionId: work.sessionId,
      token: work.token,
      sessionType: work.sessionType,
      // The client's plugin reads a port session's properties (its ports); a shell's need not leave the node.
      handshakeProperties: work.sessionType === "Port" ? work.properties : {},
      ...(work.kmsKeyId ? { kmsKeyId: work.kmsKeyId } : {}),
      start: (channel) => this.plugin(work, channel, commands),
      onClosed: (why) => {
        this.running.delete(work.sessionId);
        log.info({ sessionId: work.sessionId, why }, "session ended");
      },
    });
    this.running.set(work.sessionId, session);
    log.info({ sessionId: work.sessionId, sessionType: work.sessionType }, "session starting");
  }

  /** Starts the plugin; one that cannot start ends the session with the reason. */
  private plugin(work: SessionWork, channel: SessionChannel, commands: string | undefined): SessionPlugin {
    const { log } = this.options;
    let plugin: SessionPlugin | undefined;
    let stopped = false;
    const starting = (async () => {
      const user = await runAsUser(work.runAsUser);
      switch (work.sessionType) {
        case "Port":
          return portSessionMultiplexed(work.properties, channel.clientVersion)
            ? startMuxPort(channel, portTarget(work.properties), log)
            : startPort(channel, portTarget(work.properties));
        case "NonInteractiveCommands":
          if (!commands) throw new Error("The document names no command.");
          return startCommand(channel, user, commands);
        case "InteractiveCommands":
          if (!commands) throw new Error("The document names no command.");
          return startTerminal(channel, { user, command: commands, ...(work.shellProfile ? { shellProfile: work.shellProfile } : {}) });
        default:
          return startTerminal(channel, { user, ...(work.shellProfile ? { shellProfile: work.shellProfile } : {}) });
      }
    })();
    starting.then(
      (started) => {
        plugin = started;
        if (stopped) started.stop();
      },
      (error: unknown) => channel.end(error instanceof Error ? error.message : String(error)),
    );
    const early: Parameters<SessionPlugin["onMessage"]>[0][] = [];
    return {
      onMessage(message) {
        if (plugin) plugin.onMessage(message);
        else if (early.push(message) === 1)
          void starting.then(
            (started) => {
              try {
                for (const kept of early.splice(0)) started.onMessage(kept);
              } catch (error) {
                // As the socket does for later messages: a message the plugin cannot take ends this session only.
                channel.end(
                  `The session could not take a message from the client: ${error instanceof Error ? error.message : String(error)}`,
                );
              }
            },
            () => undefined,
          );
      },
      stop() {
        stopped = true;
        plugin?.stop();
      },
    };
  }
}

/** The Linux command of a commands session's properties. */
function commandOf(work: SessionWork): string | undefined {
  const linux = (work.properties.linux ?? work.properties.macos) as { commands?: unknown } | undefined;
  return typeof linux?.commands === "string" && linux.commands.trim() !== "" ? linux.commands : undefined;
}
