/** @module A test server with one real agent for Session Manager tests, and a scratch home for the AWS CLI. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { type Fleet, startFleet } from "./fleet.ts";
import { startTestServer, type TestServer, type TestServerOptions } from "./test-server.ts";

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
