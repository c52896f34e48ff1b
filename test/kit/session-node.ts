/** @module A test server with one real agent for Session Manager tests, and a scratch home for the AWS CLI. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { type IPty, spawn as spawnPty } from "node-pty";
import { awsCliEnv, awsPath } from "./aws-cli.ts";
import { type Fleet, startFleet } from "./fleet.ts";
import { region, startTestServer, type TestServer, type TestServerOptions } from "./test-server.ts";

export interface SessionNode {
  t: TestServer;
  ssm: SSMClient;
  fleet: Fleet;
  /** The node's id (mi-…). */
  node: string;
  /** An empty HOME for the AWS CLI. */
  home: string;
  stop(): Promise<void>;
}

/** Starts a server (1 s heartbeats, a fast sweep) with one connected node. */
export async function startSessionNode(options: TestServerOptions = {}): Promise<SessionNode> {
  const t = await startTestServer({ heartbeatIntervalMs: 1000, sweepIntervalMs: 500, ...options });
  const ssm = t.ssm();
  const fleet = await startFleet(t, ssm, { box: {} });
  const home = await mkdtemp(join(tmpdir(), "bosun-session-"));
  return {
    t,
    ssm,
    fleet,
    node: fleet.node("box").id,
    home,
    async stop() {
      await fleet.stop();
      await t.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** `aws ssm start-session` to the node in a terminal (node-pty), with Bosun's plugin: what it shows, and how it exits. */
export function shellInTerminal(s: SessionNode): { pty: IPty; screen: () => string; exited: Promise<number> } {
  const pty = spawnPty(awsPath, ["--endpoint-url", s.t.endpoint, "--region", region, "ssm", "start-session", "--target", s.node], {
    cols: 100,
    rows: 30,
    name: "xterm-256color",
    env: { ...awsCliEnv(s.home, s.t.admin, { withPlugin: true }), TERM: "xterm-256color" },
  });
  let screen = "";
  pty.onData((d) => {
    screen += d;
  });
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
  return { pty, screen: () => screen, exited };
}

/** A session end's `send` over a WebSocket: the frame goes out while the socket is open; false once it is not. */
export function sendOver(socket: { readyState: number; send(frame: Buffer): void }): (frame: Buffer) => boolean {
  return (frame) => {
    if (socket.readyState !== 1) return false;
    socket.send(frame);
    return true;
  };
}
