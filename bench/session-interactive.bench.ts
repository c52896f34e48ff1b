/**
 * @module Interactive sessions beside OpenSSH, in the same run:
 * - keystroke echo latency: one key at a time into a shell in a pseudo-terminal, timed until its echo comes back —
 *   through `aws ssm start-session` (the real AWS CLI v2, Bosun's plugin, a Bosun server and agent) and through
 *   `ssh -tt` to a private sshd; p50 and p99 of each (target: Bosun's p99 ≤ 2 ms);
 * - idle sessions: SESSION_BENCH_IDLE (500) shells held open at once by in-process clients (the protocol's own client,
 *   as the console and the plugin run it), and the memory the Bosun server, the agent and the agent's shells use per
 *   session — beside as many idle `ssh -N` sessions and the memory of sshd's processes per session.
 */
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { type IPty, spawn as spawnPty } from "node-pty";
import WebSocket from "ws";
import { ApiClient } from "../src/cli/api-client.ts";
import { ClientSession } from "../src/protocol/session/client-session.ts";
import { startPrivateSshd } from "../test/kit/sshd.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { startRealAgent } from "./lib/nodes.ts";
import { residentBytes } from "./lib/proc-usage.ts";
import { stopAll } from "./lib/processes.ts";

const keystrokes = Number(process.env.SESSION_BENCH_KEYS ?? 300);
const idleSessions = Number(process.env.SESSION_BENCH_IDLE ?? 500);
const binDir = new URL("../bin", import.meta.url).pathname;
const run = promisify(execFile);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? Number.NaN;
const mib = (bytes: number) => bytes / 1024 / 1024;

/** Waits until the pseudo-terminal's output so far matches. */
function waitForOutput(pty: IPty, pattern: RegExp, seen: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${seen.text.slice(-500)}`)), 60_000);
    const check = () => {
      if (!pattern.test(seen.text)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const sub = pty.onData(check);
    check();
  });
}

/** Types one key at a time at a shell prompt; the milliseconds from each key to its echo. */
async function echoLatencies(pty: IPty): Promise<number[]> {
  const seen = { text: "" };
  pty.onData((data) => {
    seen.text += data;
  });
  await waitForOutput(pty, /[$#] $/, seen);
  const times: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    if (i > 0 && i % 50 === 0) {
      // Ctrl-U clears the line, so the line never wraps; not timed.
      pty.write("\x15");
      await sleep(50);
    }
    seen.text = "";
    const start = performance.now();
    const echoed = new Promise<void>((resolve) => {
      const sub = pty.onData(() => {
        if (!seen.text.includes("k")) return;
        sub.dispose();
        resolve();
      });
    });
    pty.write("k");
    await echoed;
    times.push(performance.now() - start);
  }
  pty.write("\x15exit\r");
  return times;
}

/** Resident memory of a process and all its descendants (the agent and its shells; sshd and its sessions). */
async function treeBytes(root: number): Promise<number> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.split(") ")[1]?.split(" ")[1]);
    if (Number.isInteger(parent)) parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    total += await residentBytes(pid).catch(() => 0);
    queue.push(...(parents.get(pid) ?? []));
  }
  return total;
}

const work = await mkdtemp(join(tmpdir(), "bosun-interactive-bench-"));
const ptys: IPty[] = [];
const sockets: WebSocket[] = [];
try {
  const sshd = await startPrivateSshd(work, ["MaxSessions 1000", "MaxStartups 1000"]);
  const server = await startBosunServer(work);
  const api = new ApiClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.keys });
  const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", { IamRole: "Bench" });
  const { id: nodeId, agent } = await startRealAgent(server.endpoint, activation, join(work, "agent"));
  const cliEnv = {
    PATH: `${binDir}:${process.env.PATH ?? ""}`,
    HOME: work,
    TERM: "xterm-256color",
    AWS_ACCESS_KEY_ID: server.keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.keys.secretAccessKey,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };

  // Keystroke echo: ssh first, then Bosun, each in its own pseudo-terminal.
  const ssh = spawnPty("ssh", [...sshd.args, "-tt", "-p", String(sshd.port), `${sshd.user}@127.0.0.1`], {
    cols: 100,
    rows: 30,
    env: { PATH: process.env.PATH ?? "", HOME: work, TERM: "xterm-256color" },
  });
  ptys.push(ssh);
  const sshTimes = await echoLatencies(ssh);
  const bosun = spawnPty(
    "/usr/bin/aws",
    ["--endpoint-url", server.endpoint, "--region", "us-east-1", "ssm", "start-session", "--target", nodeId],
    { cols: 100, rows: 30, env: cliEnv },
  );
  ptys.push(bosun);
  const bosunTimes = await echoLatencies(bosun);
  const latency = {
    keystrokes,
    bosunP50Ms: percentile(bosunTimes, 50),
    bosunP99Ms: percentile(bosunTimes, 99),
    sshP50Ms: percentile(sshTimes, 50),
    sshP99Ms: percentile(sshTimes, 99),
  };
  console.log(
    `keystroke echo (${keystrokes} keys): Bosun p50 ${latency.bosunP50Ms.toFixed(2)} ms, p99 ${latency.bosunP99Ms.toFixed(2)} ms — ssh p50 ${latency.sshP50Ms.toFixed(2)} ms, p99 ${latency.sshP99Ms.toFixed(2)} ms (p99 ${(latency.bosunP99Ms / latency.sshP99Ms).toFixed(1)}× ssh's)`,
  );
  console.log(JSON.stringify({ benchmark: "session-keystroke-echo", ...latency }));
  await sleep(1000);

  // Idle sessions: memory before, then with every session open and its shell started.
  const agentPid = agent.child.pid ?? 0;
  const before = { server: await residentBytes(server.pid), agent: await treeBytes(agentPid) };
  const frameCrypto = { sha256: (data: Uint8Array) => createHash("sha256").update(data).digest(), randomUUID };
  const openedAt = performance.now();
  // BENCH_TRACE: every 50 sessions, where the time went — StartSession, the socket's opening, the agent's handshake.
  const spent = { api: 0, open: 0, handshake: 0 };
  for (let i = 0; i < idleSessions; i++) {
    if (process.env.BENCH_TRACE && i % 50 === 0) {
      const [api50, open50, handshake50] = [spent.api, spent.open, spent.handshake].map((ms) => (ms / 1000).toFixed(1));
      process.stderr.write(
        `${i} sessions open after ${((performance.now() - openedAt) / 1000).toFixed(1)} s (last 50: StartSession ${api50} s, socket ${open50} s, handshake ${handshake50} s)\n`,
      );
      Object.assign(spent, { api: 0, open: 0, handshake: 0 });
    }
    let mark = performance.now();
    const lap = (what: keyof typeof spent) => {
      const now = performance.now();
      spent[what] += now - mark;
      mark = now;
    };
    const answer = await api.call<{ SessionId: string; TokenValue: string; StreamUrl: string }>("AmazonSSM.StartSession", {
      Target: nodeId,
    });
    lap("api");
    const socket = new WebSocket(answer.StreamUrl);
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      const client = new ClientSession({
        token: answer.TokenValue,
        clientVersion: "bench",
        crypto: frameCrypto,
        now: Date.now,
        send: (frame) => {
          socket.send(frame);
          return true;
        },
        onStart: () => {
          lap("handshake");
          resolve();
        },
        onData: () => undefined,
        onChannelClosed: (reason) => reject(new Error(`session ${i} closed: ${reason}`)),
      });
      socket.on("open", () => {
        lap("open");
        socket.send(client.openingFrame());
      });
      socket.on("message", (data, isBinary) => isBinary && client.receive(data as Buffer));
      socket.on("error", reject);
    });
  }
  await sleep(3000);
  const during = { server: await residentBytes(server.pid), agent: await treeBytes(agentPid) };

  // The same number of idle ssh sessions, each a shell on sshd.
  const sshdPid = Number((await readFile(join(work, "ssh", "sshd.pid"), "utf8")).trim());
  const sshdBefore = await treeBytes(sshdPid);
  for (let i = 0; i < idleSessions; i++) {
    const idle = spawnPty("ssh", [...sshd.args, "-tt", "-p", String(sshd.port), `${sshd.user}@127.0.0.1`], {
      cols: 80,
      rows: 24,
      env: { PATH: process.env.PATH ?? "", HOME: work, TERM: "xterm-256color" },
    });
    ptys.push(idle);
    await waitForOutput(
      idle,
      /[$#] $/,
      (() => {
        const seen = { text: "" };
        idle.onData((d) => {
          seen.text += d;
        });
        return seen;
      })(),
    );
  }
  await sleep(3000);
  const sshdDuring = await treeBytes(sshdPid);
  const perSession = (a: number, b: number) => (b - a) / idleSessions / 1024;
  const idle = {
    sessions: idleSessions,
    serverKiBPerSession: perSession(before.server, during.server),
    agentAndShellsKiBPerSession: perSession(before.agent, during.agent),
    sshdAndShellsKiBPerSession: perSession(sshdBefore, sshdDuring),
    serverMiB: mib(during.server),
    agentAndShellsMiB: mib(during.agent),
  };
  console.log(
    `${idleSessions} idle shells: Bosun server ${idle.serverMiB.toFixed(0)} MiB (${idle.serverKiBPerSession.toFixed(0)} KiB a session), agent and shells ${idle.agentAndShellsMiB.toFixed(0)} MiB (${idle.agentAndShellsKiBPerSession.toFixed(0)} KiB a session) — sshd and its shells ${idle.sshdAndShellsKiBPerSession.toFixed(0)} KiB a session`,
  );
  console.log(JSON.stringify({ benchmark: "session-idle-memory", ...idle }));
} finally {
  for (const socket of sockets) socket.terminate();
  for (const pty of ptys) {
    try {
      pty.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await stopAll();
  await run("pkill", ["-f", join(work, "ssh", "sshd_config")]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
