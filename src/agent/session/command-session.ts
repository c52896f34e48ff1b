/**
 * @module A command without a terminal (NonInteractiveCommands): its output and errors stream to the client as they
 * come (payload types Output and StdErr), then its exit code (ExitCode, four bytes), and the session ends.
 */
import { spawn } from "node:child_process";
import { PayloadType } from "../../protocol/session/client-message.ts";
import type { RunAsUser } from "./run-as.ts";
import type { SessionChannel, SessionPlugin } from "./session-socket.ts";

export function startCommand(channel: SessionChannel, user: RunAsUser, command: string): SessionPlugin {
  const child = spawn("/bin/sh", ["-c", command], {
    cwd: user.home,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: user.home, USER: user.name, LOGNAME: user.name },
    ...(user.uid !== process.getuid?.() ? { uid: user.uid, gid: user.gid } : {}),
  });
  let writing = Promise.resolve();
  const forward = (stream: NodeJS.ReadableStream, payloadType: number) =>
    stream.on("data", (chunk: Buffer) => {
      stream.pause();
      writing = writing.then(() => channel.write(payloadType, chunk)).finally(() => stream.resume());
    });
  forward(child.stdout, PayloadType.output);
  forward(child.stderr, PayloadType.stdErr);
  child.on("close", (code, signal) => {
    const status = Buffer.alloc(4);
    status.writeUInt32BE(code ?? 1);
    void writing
      .then(() => channel.write(PayloadType.exitCode, status))
      .then(() => channel.end(signal ? `The command ended on signal ${signal}.` : `The command exited with status ${code}.`));
  });
  child.on("error", (error) => channel.end(`The command could not start: ${error.message}`));
  return {
    onMessage() {
      // A command without a terminal reads nothing from the client.
    },
    stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    },
  };
}
