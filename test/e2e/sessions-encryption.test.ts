/**
 * Session-data encryption (the kmsKeyId session preference), against a real agent: the AWS CLI with Bosun's plugin
 * reaches the server through a TCP proxy that keeps every byte of the client's data channel, so the test can see what
 * crossed the wire. The shell's output never crosses it in the clear, yet the person sees it, the exit status arrives
 * (it is encrypted too), and the recording — made by the server, which holds the key — has it. A client that cannot
 * encrypt, and one that answers with a data key made for another session, are refused by the agent.
 */
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server, connect as tcpConnect } from "node:net";
import { after, before, describe, it } from "node:test";
import { CreateDocumentCommand, DeleteDocumentCommand, DescribeSessionsCommand, StartSessionCommand } from "@aws-sdk/client-ssm";
import WebSocket from "ws";
import { ApiError } from "../../src/cli/api-client.ts";
import { FrameError, PayloadFlag } from "../../src/protocol/session/client-message.ts";
import { type ClientEncryption, ClientSession } from "../../src/protocol/session/client-session.ts";
import { apiClient } from "../kit/api-call.ts";
import { awsCliEnv, awsCliMissing, awsPath, runToEnd } from "../kit/aws-cli.ts";
import "../kit/bosun-bin.ts";
import { type SessionNode, sendOver, shellInTerminal, startSessionNode } from "../kit/session-node.ts";
import { region } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const skip = awsCliMissing() ?? false;
let s: SessionNode;
let proxy: Server;
let serverPort = 0;
/** Every byte the server sent on clients' data channels, and every byte the clients sent there. */
const toClients: Buffer[] = [];
const fromClients: Buffer[] = [];

const preferences = (inputs: Record<string, string>) =>
  JSON.stringify({ schemaVersion: "1.0", description: "Session preferences", sessionType: "Standard_Stream", inputs });

before(async () => {
  if (skip) return;
  proxy = createServer((inbound) => {
    const outbound = tcpConnect({ host: "127.0.0.1", port: serverPort });
    let client: boolean | undefined;
    inbound.on("data", (chunk: Buffer) => {
      client ??= /^GET \/v1\/data-channel\//.test(chunk.toString("latin1"));
      if (client) fromClients.push(chunk);
      outbound.write(chunk);
    });
    outbound.on("data", (chunk: Buffer) => {
      if (client) toClients.push(chunk);
      inbound.write(chunk);
    });
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on("close", drop).on("error", drop);
    outbound.on("close", drop).on("error", drop);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  s = await startSessionNode({ publicUrl: `http://127.0.0.1:${(proxy.address() as { port: number }).port}` });
  serverPort = Number(new URL(s.t.endpoint).port);
  await s.ssm.send(
    new CreateDocumentCommand({
      Name: "SSM-SessionManagerRunShell",
      DocumentType: "Session",
      Content: preferences({ kmsKeyId: "alias/session-data" }),
    }),
  );
});

after(async () => {
  await s?.stop();
  proxy?.close();
});

const kms = () => apiClient(s.t.endpoint, s.t.admin);

/** A client's encryption as the plugin's: KMS's GenerateDataKey through the API, Node's AES-GCM. */
function encryption(sessionId: string): ClientEncryption {
  return {
    sessionId,
    targetId: s.node,
    async generateDataKey(keyId, context) {
      const key = await kms().call<{ Plaintext: string; CiphertextBlob: string }>("TrentService.GenerateDataKey", {
        KeyId: keyId,
        NumberOfBytes: 64,
        EncryptionContext: context,
      });
      return { plaintext: Buffer.from(key.Plaintext, "base64"), ciphertext: Buffer.from(key.CiphertextBlob, "base64") };
    },
    cipherFunctions: { createCipheriv, createDecipheriv, randomBytes },
    sha256: (data) => createHash("sha256").update(data).digest(),
  };
}

/**
 * Carries one session with the protocol's client (as the console does), answering the handshake with `encryption` (or
 * refusing KMSEncryption without it); resolves with the reason the session ended and the output it showed, or as soon
 * as the output shows `until`.
 */
async function rawClient(
  encryption: (sessionId: string) => ClientEncryption | undefined,
  until?: string,
): Promise<{ reason: string; output: string }> {
  const answer = await s.ssm.send(new StartSessionCommand({ Target: s.node }));
  const sessionId = answer.SessionId ?? "";
  const socket = new WebSocket(answer.StreamUrl ?? "");
  let output = "";
  return new Promise((resolve) => {
    let finished = false;
    const done = (reason: string) => {
      if (finished) return;
      finished = true;
      if (reason === "seen") client.flag(PayloadFlag.terminateSession);
      client.close();
      socket.close();
      resolve({ reason, output });
    };
    const chosen = encryption(sessionId);
    const client = new ClientSession({
      token: answer.TokenValue ?? "",
      clientVersion: "1.2.0.0",
      crypto: { sha256: (data) => createHash("sha256").update(data).digest(), randomUUID },
      now: Date.now,
      send: sendOver(socket),
      onStart: () => void client.write(Buffer.from("echo started-$((2*3))\n")),
      onData: (payload) => {
        output += payload.toString("utf8");
        if (until && output.includes(until)) done("seen");
      },
      onChannelClosed: (reason) => done(reason ?? "closed without a reason"),
      ...(chosen ? { encryption: chosen } : {}),
      onFailure: (reason) => done(reason),
    });
    socket.on("open", () => socket.send(client.openingFrame()));
    socket.on("message", (data, isBinary) => {
      if (!isBinary) return;
      try {
        client.receive(data as Buffer);
      } catch (error) {
        if (!(error instanceof FrameError)) throw error;
        done(error.message);
      }
    });
    socket.on("close", () => done("the socket closed"));
  });
}

describe("session-data encryption", { skip }, () => {
  it("keeps the shell's output off the wire, while the person, the exit status and the recording all have it", async () => {
    const { pty, screen, exited } = shellInTerminal(s);
    try {
      await waitFor(() => /Starting session with SessionId/.test(screen()), 20_000);
      pty.write("echo secret-$((6*7))-output\r");
      await waitFor(() => /secret-42-output/.test(screen()), 20_000);
      pty.write("exit 0\r");
      assert.equal(await exited, 0);
    } finally {
      pty.kill();
    }
    const wire = Buffer.concat(toClients);
    assert.ok(wire.length > 1000, "the proxy saw the session");
    assert.equal(wire.includes("secret-42-output"), false, "the output crossed the wire in the clear");
    assert.equal(Buffer.concat(fromClients).includes("exit 0"), false, "keystrokes crossed the wire in the clear");

    const [ended] = (await s.ssm.send(new DescribeSessionsCommand({ State: "History" }))).Sessions ?? [];
    await waitFor(async () => {
      try {
        const recording = await kms().call<{ Content: string }>("Bosun.GetSessionRecording", { SessionId: ended?.SessionId });
        return recording.Content.includes("secret-42-output");
      } catch (error) {
        if (error instanceof ApiError) return false;
        throw error;
      }
    }, 30_000);
  });

  it("carries a command's output and its exit status, both encrypted by the agent and opened by the plugin", async () => {
    toClients.length = 0;
    const command = "echo secret-$((7*8))-command; exit 3";
    const run = await runToEnd(
      awsPath,
      [
        "--endpoint-url",
        s.t.endpoint,
        "--region",
        region,
        "ssm",
        "start-session",
        "--target",
        s.node,
        "--document-name",
        "AWS-StartNonInteractiveCommand",
        "--parameters",
        JSON.stringify({ command: [command] }),
      ],
      awsCliEnv(s.home, s.t.admin, { withPlugin: true }),
    );
    assert.match(run.stdout, /secret-56-command/);
    // The plugin exits with the command's status; the AWS CLI reports that and exits 255, as it does for any plugin failure.
    assert.match(run.stderr, /returned non-zero exit status 3/);
    assert.equal(run.code, 255);
    assert.equal(Buffer.concat(toClients).includes("secret-56-command"), false, "the command's output crossed the wire in the clear");
  });

  it("is refused by the agent when the client cannot encrypt", async () => {
    const { reason, output } = await rawClient(() => undefined);
    assert.match(reason, /KMSEncryption is not supported by this client/);
    assert.equal(output.includes("started-6"), false);
  });

  it("is refused by the agent when the client's data key was made for another session", async () => {
    // A key the client may make (GenerateDataKey allows any context), bound to a session that is not this one.
    const { reason, output } = await rawClient(() => encryption("someone-else-0123456789abc"));
    assert.match(reason, /data key could not be opened: The data key is not bound to this session and node/);
    assert.equal(output.includes("started-6"), false);
  });

  it("carries a session whose client encrypts, as the console's does", async () => {
    const { reason, output } = await rawClient(encryption, "started-6");
    assert.equal(reason, "seen", output);
  });

  it("refuses preferences whose kmsKeyId is not a key of the account and Region", async () => {
    await s.ssm.send(new DeleteDocumentCommand({ Name: "SSM-SessionManagerRunShell" }));
    try {
      await s.ssm.send(
        new CreateDocumentCommand({
          Name: "SSM-SessionManagerRunShell",
          DocumentType: "Session",
          Content: preferences({ kmsKeyId: "arn:aws:kms:eu-west-1:000000000000:alias/elsewhere" }),
        }),
      );
      await assert.rejects(s.ssm.send(new StartSessionCommand({ Target: s.node })), (error: Error) => {
        assert.equal(error.name, "InvalidDocument");
        assert.match(error.message, /kmsKeyId .* is not a KMS key of this account and Region/);
        return true;
      });
    } finally {
      await s.ssm.send(new DeleteDocumentCommand({ Name: "SSM-SessionManagerRunShell" }));
      await s.ssm.send(
        new CreateDocumentCommand({
          Name: "SSM-SessionManagerRunShell",
          DocumentType: "Session",
          Content: preferences({ kmsKeyId: "alias/session-data" }),
        }),
      );
    }
  });
});
