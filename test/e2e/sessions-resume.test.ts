/**
 * A session whose client connection drops: the AWS CLI with Bosun's plugin reaches the server's data channel through a
 * TCP proxy (the server's public address), and the test cuts the plugin's connection mid-session, as a flaky network
 * or a proxy's timeout would. The plugin resumes (ResumeSession, a new token, the same session), sends again what the
 * node had not acknowledged, and the shell carries on: what was typed while the connection was down arrives once.
 * A session that was terminated meanwhile is not resumed: the plugin says so and exits.
 */
import assert from "node:assert/strict";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { after, before, describe, it } from "node:test";
import { DescribeSessionsCommand, TerminateSessionCommand } from "@aws-sdk/client-ssm";
import { awsCliMissing } from "../kit/aws-cli.ts";
import "../kit/bosun-bin.ts";
import { type SessionNode, shellInTerminal, startSessionNode } from "../kit/session-node.ts";
import { waitFor } from "../kit/wait.ts";

const skip = awsCliMissing() ?? false;
let s: SessionNode;
let proxy: Server;
let serverPort = 0;
/** The client's data-channel connections through the proxy (the agent's go through it too, and are left alone). */
const clientConnections = new Set<Socket>();
/** While set, the proxy refuses the client's new data-channel connections (the network is still down for it). */
let refuseClients = false;

before(async () => {
  if (skip) return;
  proxy = createServer((inbound) => {
    const outbound = tcpConnect({ host: "127.0.0.1", port: serverPort });
    let first = true;
    inbound.on("data", (chunk: Buffer) => {
      // The request line says whose socket it is: the client's StreamUrl is /v1/data-channel/<session id>.
      if (first && /^GET \/v1\/data-channel\//.test(chunk.toString("latin1"))) {
        if (refuseClients) {
          inbound.resetAndDestroy();
          outbound.destroy();
          return;
        }
        clientConnections.add(inbound);
      }
      first = false;
      outbound.write(chunk);
    });
    outbound.pipe(inbound);
    const drop = () => {
      clientConnections.delete(inbound);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on("close", drop).on("error", drop);
    outbound.on("close", drop).on("error", drop);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyPort = (proxy.address() as { port: number }).port;
  s = await startSessionNode({ publicUrl: `http://127.0.0.1:${proxyPort}` });
  serverPort = Number(new URL(s.t.endpoint).port);
});

after(async () => {
  await s?.stop();
  proxy?.close();
});

const startShell = () => shellInTerminal(s);

/** Cuts every client data-channel connection at the proxy, without a close frame (as a network failure does). */
function cutClients(): number {
  const cut = clientConnections.size;
  for (const socket of clientConnections) socket.resetAndDestroy();
  return cut;
}

describe("a session whose client connection drops", { skip }, () => {
  it("is resumed by the plugin: keystrokes typed while it was down arrive once, and the shell carries on", async () => {
    const shell = startShell();
    try {
      await waitFor(() => /Starting session with SessionId/.test(shell.screen()), 20_000);
      shell.pty.write("echo before-$((6*7))\r");
      await waitFor(() => /before-42/.test(shell.screen()), 20_000);
      assert.equal(cutClients(), 1);
      // Typed while the connection is down: kept by the plugin, sent again once it is back.
      shell.pty.write("echo after-$((7*8))\r");
      await waitFor(() => /after-56/.test(shell.screen()), 20_000);
      await waitFor(() => clientConnections.size === 1, 20_000);
      assert.equal(shell.screen().match(/after-56/g)?.length, 1, "the command ran once (the echoed line shows $((7*8)))");
      const active = (await s.ssm.send(new DescribeSessionsCommand({ State: "Active" }))).Sessions ?? [];
      assert.equal(active.length, 1, "the same session, resumed");
      shell.pty.write("exit 0\r");
      assert.equal(await shell.exited, 0);
    } finally {
      shell.pty.kill();
    }
  });

  it("is not resumed once the session was terminated: the plugin says why and exits", async () => {
    const shell = startShell();
    try {
      await waitFor(() => /Starting session with SessionId/.test(shell.screen()), 20_000);
      const sessionId = /SessionId: (\S+)/.exec(shell.screen())?.[1]?.replace(/\.$/, "");
      // Cut, and keep the plugin from reconnecting, so the server cannot tell it; then end the session while it is away.
      refuseClients = true;
      assert.equal(cutClients(), 1);
      await s.ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
      assert.notEqual(await shell.exited, 0);
      assert.match(shell.screen(), /could not be resumed: DoesNotExistException/);
    } finally {
      refuseClients = false;
      shell.pty.kill();
    }
  });
});
