/**
 * @module A shell in a pseudo-terminal (Standard_Stream), or a command in one (InteractiveCommands): keystrokes in,
 * the terminal's output out, resizes applied. As SSM Agent does, the shell is `sh` as the run-as user, not a login
 * shell: no ~/.profile or ~/.bashrc runs, so a slow or broken profile on the node cannot stall every session. The
 * shell profile preference runs first and is where a user asks for more (SSM's idiom: `exec bash -l`). It starts in
 * the user's home. When the shell exits the session ends, with its status in the details.
 */
import type { IPty } from "node-pty";
import { type ClientMessage, PayloadType } from "../../protocol/session/client-message.ts";
import type { RunAsUser } from "./run-as.ts";
import type { SessionChannel, SessionPlugin } from "./session-socket.ts";

export interface TerminalOptions {
  user: RunAsUser;
  /** A command to run instead of an interactive shell. */
  command?: string;
  shellProfile?: string;
}

export async function startTerminal(channel: SessionChannel, options: TerminalOptions): Promise<SessionPlugin> {
  // node-pty is a native module the agent loads only when a node serves a terminal.
  const { spawn } = await import("node-pty");
  const { user } = options;
  const shell = "/bin/sh";
  const script = [options.shellProfile, options.command ? `exec ${shell} -c ${quote(options.command)}` : `exec ${shell}`]
    .filter(Boolean)
    .join("\n");
  const pty: IPty = spawn(shell, ["-c", script], {
    name: "xterm-256color",
    cols: 80,
    rows: 24,
    cwd: user.home,
    env: { ...cleanEnvironment(), HOME: user.home, USER: user.name, LOGNAME: user.name, SHELL: shell, TERM: "xterm-256color" },
    ...(user.uid !== process.getuid?.() ? { uid: user.uid, gid: user.gid } : {}),
  });
  let writing = Promise.resolve();
  pty.onData((data) => {
    // Output waits for the window: a client that reads slowly slows the terminal, as a real one would.
    pty.pause();
    writing = writing.then(() => channel.write(PayloadType.output, Buffer.from(data, "utf8"))).finally(() => pty.resume());
  });
  pty.onExit(({ exitCode, signal }) => {
    void writing.then(() => channel.end(signal ? `The shell ended on signal ${signal}.` : `The shell exited with status ${exitCode}.`));
  });
  return {
    onMessage(message: ClientMessage) {
      if (message.payloadType === PayloadType.output) pty.write(message.payload.toString("utf8"));
      else if (message.payloadType === PayloadType.size) {
        const size = JSON.parse(message.payload.toString("utf8")) as { cols?: number; rows?: number };
        const cols = Math.min(Math.max(Math.trunc(size.cols ?? 80), 1), 1000);
        const rows = Math.min(Math.max(Math.trunc(size.rows ?? 24), 1), 1000);
        pty.resize(cols, rows);
      }
    },
    stop() {
      try {
        // The whole process group goes: the shell and whatever it started in the foreground.
        process.kill(-pty.pid, "SIGHUP");
      } catch {
        pty.kill("SIGHUP");
      }
      setTimeout(() => {
        try {
          process.kill(-pty.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, 2000).unref();
    },
  };
}

/** The agent's environment without what belongs to the agent alone. */
function cleanEnvironment(): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ["PATH", "LANG", "LC_ALL", "TZ"]) {
    const value = process.env[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

export const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
