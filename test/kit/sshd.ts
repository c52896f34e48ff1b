/**
 * @module A private OpenSSH server on loopback (a benchmark's peer, the target of a test's ProxyCommand): its own host
 * key, one client key, no PAM. It stops with the process that started it (`stop`, or the test's end).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./ports.ts";

const run = promisify(execFile);

export interface PrivateSshd {
  port: number;
  user: string;
  /** The client options that log in with the client key and trust the host key (as one string and as arguments). */
  options: string;
  args: string[];
  stop(): void;
}

export const sshdPath = "/usr/sbin/sshd";

/** Why sshd tests cannot run here, or undefined. CI installs OpenSSH, so there its absence is an error. */
export function sshdMissing(): string | undefined {
  const missing = existsSync(sshdPath) ? undefined : `${sshdPath} is not installed (apt-get install openssh-server openssh-client)`;
  if (missing && process.env.CI) throw new Error(missing);
  return missing;
}

export async function startPrivateSshd(work: string, extra: string[] = []): Promise<PrivateSshd> {
  const dir = join(work, "ssh");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await mkdir("/run/sshd", { recursive: true });
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "host_key")]);
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "client_key")]);
  await run("cp", [join(dir, "client_key.pub"), join(dir, "authorized_keys")]);
  const port = await freePort();
  await writeFile(
    join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_key")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "PermitRootLogin prohibit-password",
      // scp speaks SFTP (OpenSSH 9).
      "Subsystem sftp internal-sftp",
      ...extra,
    ].join("\n"),
  );
  const child: ChildProcess = spawn(sshdPath, ["-D", "-e", "-f", join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  // However the run ends, the server goes with it.
  process.once("exit", () => child.kill());
  await new Promise<void>((resolve, reject) => {
    let said = "";
    child.stderr?.on("data", (d) => {
      said += d;
      if (/listening/i.test(said)) resolve();
    });
    child.once("exit", () => reject(new Error(`sshd ended: ${said}`)));
  });
  const args = [
    "-i",
    join(dir, "client_key"),
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "BatchMode=yes",
    "-o",
    "LogLevel=ERROR",
  ];
  return { port, user: process.env.USER ?? "root", options: args.join(" "), args, stop: () => child.kill() };
}
