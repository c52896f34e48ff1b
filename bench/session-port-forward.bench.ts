/**
 * @module Port-forward throughput: a download through `aws ssm start-session --document-name
 * AWS-StartPortForwardingSession` (the real AWS CLI v2, Bosun's plugin, a Bosun server and agent) beside the same
 * download through `ssh -L` to a private sshd, both over loopback in the same run. The source sends a fixed number of
 * bytes on connect; each client reads them all. Reports the median MiB/s of each and the ratio. Target: ssh's speed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../src/cli/api-client.ts";
import { startPrivateSshd } from "../test/kit/sshd.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { startRealAgent } from "./lib/nodes.ts";
import { freePort, startProcess, stopAll } from "./lib/processes.ts";

const megabytes = Number(process.env.PORT_BENCH_MIB ?? 256);
const rounds = 3;
const binDir = new URL("../bin", import.meta.url).pathname;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** A TCP source that writes `megabytes` MiB to every connection, then closes it. */
async function startSource(): Promise<Server> {
  const chunk = Buffer.alloc(1024 * 1024, 7);
  const server = createServer((socket) => {
    let sent = 0;
    const more = () => {
      while (sent < megabytes) {
        sent++;
        if (!socket.write(chunk)) return socket.once("drain", more);
      }
      socket.end();
    };
    more();
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** Reads a whole download from a local port; MiB/s. */
async function download(port: number): Promise<number> {
  const start = performance.now();
  const received = await new Promise<number>((resolve, reject) => {
    let bytes = 0;
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.on("data", (data) => {
      bytes += data.length;
      if (bytes >= megabytes * 1024 * 1024) socket.destroy();
    });
    socket.on("close", () => resolve(bytes));
    socket.on("error", reject);
  });
  if (received < megabytes * 1024 * 1024) throw new Error(`received ${received} bytes of ${megabytes} MiB`);
  return megabytes / ((performance.now() - start) / 1000);
}

/** Starts one floor hop (bench/lib/relay-hop.ts). */
async function hop(...args: (string | number)[]): Promise<void> {
  const script = new URL("./lib/relay-hop.ts", import.meta.url).pathname;
  await startProcess(process.execPath, ["--import", "tsx", script, ...args.map(String)], process.env, /ready/);
}

/**
 * The floors: three Node processes in a row carrying the download with no protocol at all — as plain TCP relays, and
 * with WebSocket connections on both sides of the middle one (Bosun's agent, server and plugin do at least this). Each
 * answers the local port to download from.
 */
async function startFloors(source: number): Promise<{ tcp: number; ws: number }> {
  const [t1, t2, tcp, server, ws] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  await hop("tcp", t1, source);
  await hop("tcp", t2, t1);
  await hop("tcp", tcp, t2);
  await hop("ws-server", server);
  await hop("ws-agent", server, source);
  await hop("ws-plugin", server, ws);
  return { tcp, ws };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${port}`);
}

const work = await mkdtemp(join(tmpdir(), "bosun-port-bench-"));
/** The clients started here; stopped however the run ends. */
const clients: ChildProcess[] = [];
/** The private sshd's stop (its child process would keep this one alive). */
let stopSshd: () => void = () => undefined;
const sourceServer = await startSource();
try {
  const source = (sourceServer.address() as { port: number }).port;
  const step = (what: string) => process.env.BENCH_TRACE && process.stderr.write(`${what}\n`);
  // ssh -L through a private sshd.
  const sshd = await startPrivateSshd(work);
  stopSshd = sshd.stop;
  const sshLocal = await freePort();
  const ssh = spawn(
    "ssh",
    [...sshd.args, "-N", "-L", `${sshLocal}:127.0.0.1:${source}`, "-p", String(sshd.port), `${sshd.user}@127.0.0.1`],
    {
      stdio: "ignore",
    },
  );
  clients.push(ssh);
  await waitForPort(sshLocal);
  step("ssh -L ready");

  // Bosun: a server, one agent on this machine, and the AWS CLI with Bosun's plugin.
  const server = await startBosunServer(work);
  const api = new ApiClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.keys });
  const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", { IamRole: "Bench" });
  const { id: nodeId } = await startRealAgent(server.endpoint, activation, join(work, "agent"));
  /**
   * One forwarding session per download: a port session carries one TCP connection at a time, and its node-side
   * connection opens when the session starts, so the first connection is the one a server-first protocol reaches.
   */
  async function bosunDownload(): Promise<number> {
    const local = await freePort();
    const forward = spawn(
      "/usr/bin/aws",
      [
        "--endpoint-url",
        server.endpoint,
        "--region",
        "us-east-1",
        "ssm",
        "start-session",
        "--target",
        nodeId,
        "--document-name",
        "AWS-StartPortForwardingSession",
        "--parameters",
        `portNumber=${source},localPortNumber=${local}`,
      ],
      {
        stdio: ["ignore", "pipe", "ignore"],
        detached: true,
        env: {
          PATH: `${binDir}:${process.env.PATH ?? ""}`,
          HOME: work,
          AWS_ACCESS_KEY_ID: server.keys.accessKeyId,
          AWS_SECRET_ACCESS_KEY: server.keys.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        },
      },
    );
    clients.push(forward);
    let output = "";
    await new Promise<void>((resolve, reject) => {
      forward.stdout?.on("data", (d) => {
        output += d;
        if (output.includes("Waiting for connections")) resolve();
      });
      forward.once("close", () => reject(new Error(`the session ended before forwarding: ${output}`)));
    });
    step("bosun forward ready");
    const speed = await download(local);
    if (forward.pid) process.kill(-forward.pid, "SIGINT");
    await new Promise((resolve) => forward.once("close", resolve));
    return speed;
  }

  const floors = await startFloors(source);
  const speeds = { bosun: [] as number[], ssh: [] as number[], tcpFloor: [] as number[], wsFloor: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    speeds.ssh.push(await download(sshLocal));
    step(`ssh ${speeds.ssh.at(-1)}`);
    speeds.bosun.push(await bosunDownload());
    speeds.tcpFloor.push(await download(floors.tcp));
    speeds.wsFloor.push(await download(floors.ws));
  }
  const result = {
    megabytes,
    rounds,
    bosunMiBps: median(speeds.bosun),
    sshMiBps: median(speeds.ssh),
    tcpFloorMiBps: median(speeds.tcpFloor),
    wsFloorMiBps: median(speeds.wsFloor),
  };
  const mibps = (n: number) => `${n.toFixed(0)} MiB/s`;
  console.log(
    `port forwarding, ${megabytes} MiB over loopback (median of ${rounds}): Bosun ${mibps(result.bosunMiBps)}, ssh -L ${mibps(result.sshMiBps)} — Bosun at ${(result.bosunMiBps / result.sshMiBps).toFixed(2)}× ssh's speed. ` +
      `Three bare Node relays in a row: ${mibps(result.tcpFloorMiBps)} over TCP (${(result.tcpFloorMiBps / result.sshMiBps).toFixed(2)}× ssh), ` +
      `${mibps(result.wsFloorMiBps)} with WebSockets around the middle one (${(result.wsFloorMiBps / result.sshMiBps).toFixed(2)}× ssh); Bosun at ${(result.bosunMiBps / result.wsFloorMiBps).toFixed(2)}× that floor`,
  );
  console.log(JSON.stringify({ benchmark: "session-port-forward", ...result, speeds }));
} finally {
  sourceServer.close();
  for (const client of clients) {
    // The CLI and its plugin are one process group (an interrupt reaches both, as Ctrl-C does).
    if (client.pid && client.exitCode === null) process.kill(client === clients[0] ? client.pid : -client.pid, "SIGINT");
  }
  stopSshd();
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
