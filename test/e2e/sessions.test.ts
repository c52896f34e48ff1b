/**
 * @module Session Manager end to end: the real AWS CLI v2 runs Bosun's session-manager-plugin (bin/ on its PATH)
 * against a real server and a real agent process. A terminal is driven through a pseudo-terminal (node-pty), as a
 * person's would be: keystrokes, a resize, the exit. A port is forwarded to a local HTTP server and downloads are
 * checked byte for byte. Every session then shows in DescribeSessions with who, which node and how it ended.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateDocumentCommand,
  DescribeSessionsCommand,
  GetConnectionStatusCommand,
  type SSMClient,
  StartSessionCommand,
  TerminateSessionCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
} from "@aws-sdk/client-ssm";
import { type IPty, spawn as spawnPty } from "node-pty";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { awsCliEnv, awsCliMissing, awsPath, runToEnd } from "../kit/aws-cli.ts";
import "../kit/bosun-bin.ts";
import { type Fleet, startFleet } from "../kit/fleet.ts";
import { type PrivateSshd, sshdMissing, startPrivateSshd } from "../kit/sshd.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const skip = awsCliMissing() ?? false;

let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;
let home = "";
let node = "";
let web: Server;
let webPort = 0;
const files = new Map<string, Buffer>();
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

before(async () => {
  if (skip) return;
  t = await startTestServer({ heartbeatIntervalMs: 1000, sweepIntervalMs: 500 });
  ssm = t.ssm();
  fleet = await startFleet(t, ssm, { box: {} });
  node = fleet.node("box").id;
  home = await mkdtemp(join(tmpdir(), "bosun-sessions-"));
  for (let i = 0; i < 4; i++) files.set(`/file${i}`, randomBytes(3 * 1024 * 1024 + i));
  web = createServer((req, res) => {
    const body = files.get(req.url ?? "");
    res.writeHead(body ? 200 : 404, { "content-length": String(body?.length ?? 0) });
    res.end(body);
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webPort = (web.address() as { port: number }).port;
});

after(async () => {
  web?.close();
  await fleet?.stop();
  await t?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** The AWS CLI's environment: the server's keys, nothing from the machine, and Bosun's plugin first on PATH. */
function cliEnv(): Record<string, string> {
  return { ...awsCliEnv(home, t.admin, { withPlugin: true }), TERM: "xterm-256color" };
}

const bosunBin = new URL("../../bin/bosun", import.meta.url).pathname;
/** The `bosun` CLI's options for the test server: its endpoint and the admin's keys. */
const bosunApi = () => ["--endpoint", t.endpoint, "--credentials-file", t.server.credentialsPath];

const startSessionArgs = (...args: string[]) => [
  "--endpoint-url",
  t.endpoint,
  "--region",
  "us-east-1",
  "ssm",
  "start-session",
  "--target",
  node,
  ...args,
];

/** Runs the CLI to the end; its output and exit code. */
const runCli = (args: string[]) => runTool(awsPath, args);

/** Runs a program with the CLI's environment to the end; its output and exit code. */
const runTool = (program: string, args: string[]) => runToEnd(program, args, cliEnv());

async function sessionsOf(state: "Active" | "History") {
  return (await ssm.send(new DescribeSessionsCommand({ State: state, Filters: [{ key: "Target", value: node }] }))).Sessions ?? [];
}

/** Starts `aws ssm start-session` with a port-forwarding document; resolves once its local port listens. */
async function startForwarding(document: string, parameters: string) {
  const child: ChildProcess = spawn(
    awsPath,
    startSessionArgs("--document-name", document, "--parameters", parameters),
    // Its own process group: an interrupt goes to the CLI and the plugin together, as Ctrl-C at a terminal does.
    { env: cliEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const closed = new Promise((resolve) => child.once("close", resolve));
  const interrupt = async () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGINT");
    await closed;
  };
  try {
    await waitFor(() => /Port \d+ opened/.test(output), 20_000);
  } catch (error) {
    await interrupt();
    throw new Error(`${(error as Error).message}: ${output}`);
  }
  return { localPort: Number(/Port (\d+) opened/.exec(output)?.[1]), output: () => output, interrupt };
}

/** Downloads one of the web server's files through a forwarded port and checks it byte for byte. */
async function download(localPort: number, path: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${localPort}${path}`, { headers: { connection: "close" } });
  const got = Buffer.from(await response.arrayBuffer());
  assert.equal(sha256(got), sha256(files.get(path) as Buffer), path);
}

describe("Session Manager", { skip }, () => {
  it("says whether a node can take a session", async () => {
    assert.equal((await ssm.send(new GetConnectionStatusCommand({ Target: node }))).Status, "connected");
    assert.equal((await ssm.send(new GetConnectionStatusCommand({ Target: "mi-0123456789abcdef0" }))).Status, "notconnected");
  });

  it("runs a command without a terminal through the AWS CLI: its output, its errors, and a History entry", async () => {
    const result = await runCli(
      startSessionArgs("--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=id -un; echo to-out; echo to-err >&2"),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Starting session with SessionId: admin-[0-9a-f]{17}/);
    assert.match(result.stdout, new RegExp(`${userInfo().username}\\s+to-out`));
    assert.match(result.stderr, /to-err/);
    await waitFor(async () => (await sessionsOf("History")).some((s) => s.DocumentName === "AWS-StartNonInteractiveCommand"), 20_000);
    const ended = (await sessionsOf("History")).find((s) => s.DocumentName === "AWS-StartNonInteractiveCommand");
    assert.equal(ended?.Status, "Terminated");
    assert.equal(ended?.Owner, `arn:aws:iam::${t.accountId}:user/admin`);
    assert.match(ended?.Details ?? "", /exited with status 0/);
  });

  it("opens a shell in a terminal: keystrokes, the node's answer, a resize, and exit", async () => {
    const pty: IPty = spawnPty(awsPath, startSessionArgs(), { cols: 100, rows: 30, env: cliEnv(), name: "xterm-256color" });
    let screen = "";
    pty.onData((d) => {
      screen += d;
    });
    const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
    try {
      await waitFor(() => /Starting session with SessionId/.test(screen), 20_000);
      // `sh` in the user's home, as SSM Agent starts it: not a login shell, so no profile of the node's runs.
      pty.write('echo marker-$((6*7)) "shell=$0" "in=$PWD"; stty size\r');
      await waitFor(() => /marker-42/.test(screen) && /30 100/.test(screen), 20_000);
      assert.match(screen, new RegExp(`shell=/bin/sh in=${userInfo().homedir}\\s`));
      pty.resize(120, 40);
      await waitFor(async () => {
        pty.write("stty size\r");
        await new Promise((r) => setTimeout(r, 200));
        return /40 120/.test(screen);
      }, 20_000);
      const active = await sessionsOf("Active");
      assert.equal(active.length, 1);
      assert.equal(active[0]?.Status, "Connected");
      pty.write("exit 0\r");
      assert.equal(await exited, 0);
      assert.match(screen, /Exiting session with sessionId|SessionId: admin-/);
    } finally {
      pty.kill();
    }
  });

  it("forwards a local port to a port on the node: ten downloads at once arrive byte for byte, and an interrupt ends the session", async () => {
    const forward = await startForwarding("AWS-StartPortForwardingSession", `portNumber=${webPort},localPortNumber=0`);
    try {
      // A connection that stays open and says nothing: carried one at a time, it would hold every download back.
      const idle = connect({ host: "127.0.0.1", port: forward.localPort });
      await new Promise((resolve) => idle.once("connect", resolve));
      try {
        // Ten downloads at once over the one session (multiplexed), each checked byte for byte.
        const paths = Array.from({ length: 10 }, (_, i) => `/file${i % files.size}`);
        await Promise.all(paths.map((path) => download(forward.localPort, path)));
        // The idle connection was carried all along: it gets an answer now.
        idle.write("GET /file1 HTTP/1.1\r\nHost: node\r\nConnection: close\r\n\r\n");
        const answer: Buffer[] = [];
        idle.on("data", (chunk: Buffer) => answer.push(chunk));
        await new Promise((resolve) => idle.once("end", resolve));
        const raw = Buffer.concat(answer);
        assert.equal(sha256(raw.subarray(raw.indexOf("\r\n\r\n") + 4)), sha256(files.get("/file1") as Buffer));
      } finally {
        idle.destroy();
      }
    } finally {
      await forward.interrupt();
    }
    assert.doesNotMatch(forward.output(), /Traceback|error/i, forward.output());
    await waitFor(async () => (await sessionsOf("History")).some((s) => s.DocumentName === "AWS-StartPortForwardingSession"), 20_000);
  });

  it("forwards to a host the node reaches (…ToRemoteHost), and says when the node cannot connect", async () => {
    const forward = await startForwarding(
      "AWS-StartPortForwardingSessionToRemoteHost",
      `host=127.0.0.1,portNumber=${webPort},localPortNumber=0`,
    );
    try {
      await download(forward.localPort, "/file2");
    } finally {
      await forward.interrupt();
    }
    // A port nothing listens on: the connection is closed, the plugin says why, and the session carries on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await startForwarding("AWS-StartPortForwardingSessionToRemoteHost", `host=127.0.0.1,portNumber=${closedPort}`);
    try {
      await assert.rejects(fetch(`http://127.0.0.1:${refused.localPort}/`));
      await waitFor(() => /Connection to destination port failed/.test(refused.output()), 20_000);
      assert.equal((await sessionsOf("Active")).filter((s) => s.DocumentName?.endsWith("ToRemoteHost")).length, 1);
    } finally {
      await refused.interrupt();
    }
  });

  it("carries OpenSSH through ProxyCommand (AWS-StartSSHSession): a command, then scp of 100 MB both ways", {
    skip: sshdMissing() ?? false,
  }, async () => {
    const sshd: PrivateSshd = await startPrivateSshd(home);
    try {
      const proxy = `ProxyCommand=${awsPath} --endpoint-url ${t.endpoint} --region us-east-1 ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p`;
      const sshArgs = [...sshd.args, "-o", proxy];
      const command = await runTool("ssh", [...sshArgs, "-p", String(sshd.port), `${sshd.user}@${node}`, "echo over-ssh-$((6*7))"]);
      assert.equal(command.code, 0, command.stderr);
      assert.match(command.stdout, /over-ssh-42/);
      const big = join(home, "big.bin");
      const back = join(home, "back.bin");
      await writeFile(big, randomBytes(100 * 1024 * 1024));
      const up = await runTool("scp", [...sshArgs, "-P", String(sshd.port), big, `${sshd.user}@${node}:${join(home, "on-node.bin")}`]);
      assert.equal(up.code, 0, up.stderr);
      const down = await runTool("scp", [...sshArgs, "-P", String(sshd.port), `${sshd.user}@${node}:${join(home, "on-node.bin")}`, back]);
      assert.equal(down.code, 0, down.stderr);
      const digest = async (path: string) =>
        createHash("sha256")
          .update(await readFile(path))
          .digest("hex");
      assert.equal(await digest(back), await digest(big));
    } finally {
      sshd.stop();
    }
  });

  it("ends a session with TerminateSession, and the node's shell with it", async () => {
    const started = await ssm.send(new StartSessionCommand({ Target: node }));
    await waitFor(async () => (await sessionsOf("Active")).some((s) => s.SessionId === started.SessionId), 10_000);
    assert.equal((await ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId }))).SessionId, started.SessionId);
    const ended = (await sessionsOf("History")).find((s) => s.SessionId === started.SessionId);
    assert.equal(ended?.Status, "Terminated");
    assert.match(ended?.Details ?? "", /TerminateSession/);
  });

  /** Processes on this machine whose command line holds the marker (the node is this machine). */
  async function processesWith(marker: string): Promise<string[]> {
    const { stdout } = await new Promise<{ stdout: string }>((resolve) => {
      const ps = spawn("ps", ["-eo", "pid,args"], { stdio: ["ignore", "pipe", "ignore"] });
      let text = "";
      ps.stdout.on("data", (d) => {
        text += d;
      });
      ps.on("close", () => resolve({ stdout: text }));
    });
    return stdout.split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"));
  }

  /** A shell session running `sleep <marker>` in the foreground, through the AWS CLI in a terminal. */
  async function shellRunning(seconds: number): Promise<{ pty: IPty; sessionId: string }> {
    const pty = spawnPty(awsPath, startSessionArgs(), { cols: 80, rows: 24, env: cliEnv(), name: "xterm-256color" });
    let screen = "";
    pty.onData((d) => {
      screen += d;
    });
    await waitFor(() => /Starting session with SessionId: (\S+)/.test(screen), 20_000);
    const sessionId = /Starting session with SessionId: (\S+)/.exec(screen)?.[1] ?? "";
    pty.write(`sleep ${seconds}\r`);
    await waitFor(async () => (await processesWith(`sleep ${seconds}`)).length > 0, 20_000);
    return { pty, sessionId };
  }

  it("leaves nothing behind when the plugin is killed: the session waits for a resume, then TerminateSession ends the shell", async () => {
    const { pty, sessionId } = await shellRunning(4242);
    // kill -9 the session-manager-plugin (the CLI's child), as a crashed laptop would.
    const plugins = (await processesWith("session-manager-plugin")).filter((line) => line.includes(sessionId));
    for (const line of plugins) process.kill(Number(line.trim().split(/\s+/)[0]), "SIGKILL");
    assert.ok(plugins.length > 0, "the plugin was running");
    await waitFor(async () => (await sessionsOf("Active")).find((s) => s.SessionId === sessionId)?.Status === "Disconnected", 20_000);
    assert.ok((await processesWith("sleep 4242")).length > 0, "a disconnected session keeps its shell for a resume");
    await ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
    await waitFor(async () => (await processesWith("sleep 4242")).length === 0, 20_000);
    pty.kill();
  });

  it("leaves nothing behind when the agent is killed: the session ends, the client is told, the shell goes", async () => {
    const { pty, sessionId } = await shellRunning(4343);
    const exited = new Promise<void>((resolve) => pty.onExit(() => resolve()));
    await fleet.kill("box");
    await exited;
    await waitFor(async () => (await processesWith("sleep 4343")).length === 0, 20_000);
    const ended = (await sessionsOf("History")).find((s) => s.SessionId === sessionId);
    assert.equal(ended?.Status, "Terminated");
    assert.match(ended?.Details ?? "", /agent's connection ended/);
    fleet.start("box");
    await waitFor(async () => (await ssm.send(new GetConnectionStatusCommand({ Target: node }))).Status === "connected", 20_000);
  });

  it("authorizes the node and the document: a Deny on either refuses StartSession; TerminateSession and ResumeSession on the caller's own sessions (the aws:username variable)", async () => {
    const admin = apiClient(t.endpoint, t.admin);
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", NotAction: ["ssm:TerminateSession", "ssm:ResumeSession"], Resource: "*" },
        // AWS's documented "own sessions only": a session id starts with its owner's user name.
        {
          Effect: "Allow",
          Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, which IAM resolves, not a template
          Resource: "arn:aws:ssm:*:*:session/${aws:username}-*",
        },
        {
          Effect: "Deny",
          Action: "ssm:StartSession",
          Resource: `arn:aws:ssm:us-east-1:${t.accountId}:document/AWS-StartPortForwardingSession`,
        },
      ],
    };
    await admin.call("Bosun.CreateUser", { UserName: "narrow", PolicyDocument: JSON.stringify(policy) });
    const key = (await admin.call("Bosun.CreateAccessKey", { UserName: "narrow" })) as {
      AccessKey: { AccessKeyId: string; SecretAccessKey: string };
    };
    const narrow = apiClient(t.endpoint, { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey });
    const denied = await expectApiError(
      narrow.call("AmazonSSM.StartSession", {
        Target: node,
        DocumentName: "AWS-StartPortForwardingSession",
        Parameters: { portNumber: ["80"] },
      }),
    );
    assert.equal(denied.exception, "AccessDeniedException");
    const own = (await narrow.call("AmazonSSM.StartSession", { Target: node })) as { SessionId: string };
    assert.match(own.SessionId, /^narrow-[0-9a-f]{17}$/);
    const theirs = await ssm.send(new StartSessionCommand({ Target: node }));
    assert.equal(
      (await expectApiError(narrow.call("AmazonSSM.TerminateSession", { SessionId: theirs.SessionId }))).exception,
      "AccessDeniedException",
    );
    await narrow.call("AmazonSSM.TerminateSession", { SessionId: own.SessionId });
    await ssm.send(new TerminateSessionCommand({ SessionId: theirs.SessionId }));
  });

  it("records every session: a terminal's output, keystrokes and resizes to the preferences' bucket, a port's connections only", async () => {
    // The port session of an earlier test went to the server's own folder (no preferences then): markers, no bytes.
    const port = (await sessionsOf("History")).find((s) => s.DocumentName === "AWS-StartPortForwardingSession");
    const kept = await readFile(join(t.dataDir, "session-recordings", t.accountId, "us-east-1", `${port?.SessionId}.cast`), "utf8");
    const portEvents = kept
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => JSON.parse(line) as [number, string, string]);
    assert.ok(portEvents.some(([, code, text]) => code === "m" && /connection 1 opened/.test(text)));
    assert.ok(
      portEvents.some(
        ([, code, text]) => code === "m" && /connection \d closed: \d+ bytes from the client, 3145\d{3} from the node/.test(text),
      ),
    );
    assert.ok(
      portEvents.every(([, code]) => code === "m"),
      "a port session's bytes are never recorded",
    );
    assert.ok(kept.length < 10_000);

    const preferences = {
      schemaVersion: "1.0",
      description: "Session preferences",
      sessionType: "Standard_Stream",
      inputs: { s3BucketName: "session-logs", s3KeyPrefix: "audit", idleSessionTimeout: "20" },
    };
    await ssm.send(
      new CreateDocumentCommand({ Name: "SSM-SessionManagerRunShell", DocumentType: "Session", Content: JSON.stringify(preferences) }),
    );
    const pty = spawnPty(awsPath, startSessionArgs(), { cols: 90, rows: 20, env: cliEnv(), name: "xterm-256color" });
    let screen = "";
    pty.onData((d) => {
      screen += d;
    });
    const exited = new Promise<void>((resolve) => pty.onExit(() => resolve()));
    await waitFor(() => /Starting session with SessionId: (\S+)/.test(screen), 20_000);
    const sessionId = /Starting session with SessionId: (\S+)/.exec(screen)?.[1] ?? "";
    pty.write("echo recorded-$((2*21))\r");
    await waitFor(() => /recorded-42/.test(screen), 20_000);
    pty.resize(100, 30);
    pty.write("exit\r");
    await exited;
    await waitFor(
      async () => (await sessionsOf("History")).find((s) => s.SessionId === sessionId)?.OutputUrl?.S3OutputUrl !== undefined,
      20_000,
    );
    const ended = (await sessionsOf("History")).find((s) => s.SessionId === sessionId);
    assert.match(ended?.OutputUrl?.S3OutputUrl ?? "", new RegExp(`session-logs/audit/${sessionId}\\.cast$`));
    const cast = (await readFile(join(t.dataDir, "buckets", "session-logs", "audit", `${sessionId}.cast`), "utf8")).trim().split("\n");
    const header = JSON.parse(cast[0] ?? "{}") as { version?: number; title?: string };
    assert.equal(header.version, 2);
    assert.match(header.title ?? "", new RegExp(node));
    const events = cast.slice(1).map((line) => JSON.parse(line) as [number, string, string]);
    assert.ok(
      events.some(([, code, text]) => code === "o" && text.includes("recorded-42")),
      "the output",
    );
    assert.ok(
      events
        .filter(([, code]) => code === "i")
        .map(([, , text]) => text)
        .join("")
        .includes("echo recorded"),
      "the keystrokes",
    );
    assert.ok(
      events.some(([, code, text]) => code === "r" && text === "100x30"),
      "the resize",
    );
    assert.ok(
      events.every(([at], i) => i === 0 || at >= (events[i - 1]?.[0] ?? 0)),
      "in time order",
    );

    // `bosun session replay` plays it back through the API (Bosun.GetSessionRecording).
    const replay = await runTool(process.execPath, [bosunBin, "session", "replay", sessionId, "--speed", "0", ...bosunApi()]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /recorded-42/);
  });

  it("runs as the caller's SSMSessionRunAs tag, or the preferences' user, when run-as is on (the agent runs as root here)", {
    skip: process.getuid?.() !== 0 ? "the agent must run as root to switch user" : false,
  }, async () => {
    const preferences = {
      schemaVersion: "1.0",
      description: "Session preferences",
      sessionType: "Standard_Stream",
      inputs: { s3BucketName: "session-logs", s3KeyPrefix: "audit", runAsEnabled: true, runAsDefaultUser: "nobody" },
    };
    await ssm.send(
      new UpdateDocumentCommand({ Name: "SSM-SessionManagerRunShell", DocumentVersion: "$LATEST", Content: JSON.stringify(preferences) }),
    );
    await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: "SSM-SessionManagerRunShell", DocumentVersion: "2" }));
    try {
      const result = await runCli(
        startSessionArgs("--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=id -un; pwd"),
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /nobody\s+\//);
      // The caller's IAM tag SSMSessionRunAs names the user before the default does (tagged through `aws iam`).
      const iam = (...args: string[]) => runCli(["--endpoint-url", t.endpoint, "--region", "us-east-1", "iam", ...args]);
      assert.equal((await iam("tag-user", "--user-name", "admin", "--tags", "Key=SSMSessionRunAs,Value=daemon")).code, 0);
      try {
        const tagged = await runCli(
          startSessionArgs("--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=id -un"),
        );
        assert.equal(tagged.code, 0, tagged.stderr);
        assert.match(tagged.stdout, /^daemon$/m);
      } finally {
        await iam("untag-user", "--user-name", "admin", "--tag-keys", "SSMSessionRunAs");
      }
    } finally {
      await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: "SSM-SessionManagerRunShell", DocumentVersion: "1" }));
    }
  });

  it("runs a command and lists sessions with `bosun session`, without the AWS CLI", async () => {
    const ran = await runTool(process.execPath, [
      bosunBin,
      "session",
      "run",
      "--target",
      node,
      "--command",
      "echo via-bosun-$((40+2))",
      ...bosunApi(),
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /via-bosun-42/);
    const listed = await runTool(process.execPath, [bosunBin, "session", "list", "--history", ...bosunApi()]);
    assert.match(listed.stdout, /AWS-StartNonInteractiveCommand/);
  });

  it("answers bad input with SSM's errors", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const cases: [string, Record<string, unknown>, string][] = [
      ["StartSession", { Target: "mi-0123456789abcdef0" }, "TargetNotConnected"],
      ["StartSession", { Target: node, DocumentName: "AWS-RunShellScript" }, "InvalidDocument"],
      ["StartSession", { Target: node, DocumentName: "No-Such-Document" }, "InvalidDocument"],
      [
        "StartSession",
        { Target: node, DocumentName: "AWS-StartPortForwardingSession", Parameters: { portNumber: ["99999"] } },
        "InvalidParameters",
      ],
      ["StartSession", { Target: node, DocumentName: "AWS-StartPortForwardingSession", Parameters: { nope: ["1"] } }, "InvalidParameters"],
      ["StartSession", {}, "ValidationException"],
      ["ResumeSession", { SessionId: "admin-00000000000000000" }, "DoesNotExistException"],
      ["DescribeSessions", { State: "Now" }, "ValidationException"],
      ["DescribeSessions", { State: "Active", MaxResults: 201 }, "ValidationException"],
      [
        "DescribeSessions",
        {
          State: "Active",
          Filters: [
            { key: "Target", value: "a" },
            { key: "Target", value: "b" },
          ],
        },
        "InvalidFilterKey",
      ],
      ["DescribeSessions", { State: "Active", Filters: [{ key: "InvokedAfter", value: "yesterday" }] }, "ValidationException"],
      ["DescribeSessions", { State: "Active", NextToken: "forged" }, "InvalidNextToken"],
      ["GetConnectionStatus", { Target: "" }, "ValidationException"],
      ["TerminateSession", {}, "ValidationException"],
      ["Bosun.GetSessionRecording", { SessionId: "admin-00000000000000000" }, "DoesNotExistException"],
      ["Bosun.GetSessionRecording", { SessionId: "x", Offset: -1 }, "ValidationException"],
    ];
    for (const [action, input, exception] of cases) {
      const error = await expectApiError(api.call(action.includes(".") ? action : `AmazonSSM.${action}`, input));
      assert.equal(error.exception, exception, `${action} ${JSON.stringify(input)}: ${error.message}`);
    }
  });
});
