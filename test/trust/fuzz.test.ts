/**
 * @module Fuzzing: every action's input generated from its own schema (hostile values, wrong types, missing members),
 * and the agent protocol's frames, against a real server. Target: no answer with status 500, no crash, the server
 * answers /health at the end. The long run (more inputs per action) is `npm run harness`.
 */
import assert from "node:assert/strict";
import { createPrivateKey, sign } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import WebSocket from "ws";
import { registerNode } from "../../bench/lib/nodes.ts";
import { helloSigningText } from "../../src/protocol/agent/channel.ts";
import { AgentMessage } from "../../src/protocol/agent/channel-schema.ts";
import { apiClient } from "../kit/api-call.ts";
import { arbitraryFor } from "../kit/schema-arbitrary.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const runsPerAction = Number(process.env.BOSUN_FUZZ_RUNS ?? 12);
const agentFrames = Number(process.env.BOSUN_FUZZ_FRAMES ?? 60);

let t: TestServer;
before(async () => {
  // Machine sources would reach AWS's own endpoints: here they reach a closed port on loopback.
  t = await startTestServer({ aws: { ec2Endpoint: "http://127.0.0.1:9", stsEndpoint: "http://127.0.0.1:9" } });
});
after(() => t?.close());

describe("fuzzing", () => {
  it("answers every action's generated input without a 500", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const failures: string[] = [];
    for (const action of t.server.actions) {
      const target = `${action.target}.${action.name}`;
      const inputs = fc.sample(arbitraryFor(action.input as never), { numRuns: runsPerAction, seed: 4711 });
      for (const input of inputs) {
        if (input === null || typeof input !== "object" || Array.isArray(input)) continue;
        const status = await api.call(target, input).then(
          () => 200,
          (error: { status?: number; exception?: string }) => (error.exception === "InternalServerError" ? 500 : (error.status ?? 0)),
        );
        if (status >= 500) failures.push(`${target} ${JSON.stringify(input).slice(0, 300)} → ${status}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.equal((await fetch(new URL("/health", t.endpoint))).status, 200);
    assert.doesNotMatch(t.logText(), /"msg":"request failed"/, "no request failed unexpectedly");
  });

  it("survives generated agent frames, before and after a signed hello, without an internal error", async () => {
    const ssm = t.ssm();
    const activation = await ssm.send(
      new (await import("@aws-sdk/client-ssm")).CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: 1 }),
    );
    const node = await registerNode(t.endpoint, {
      ActivationId: activation.ActivationId ?? "",
      ActivationCode: activation.ActivationCode ?? "",
    });
    const key = createPrivateKey(node.key);
    const frames = fc.sample(fc.oneof(arbitraryFor(AgentMessage as never), fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 64 })), {
      numRuns: agentFrames,
      seed: 4711,
    });
    for (const [index, frame] of frames.entries()) {
      const helloFirst = index % 2 === 0;
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(`${t.endpoint.replace("http:", "ws:")}/agent/v1`);
        const done = () => {
          ws.terminate();
          resolve();
        };
        ws.on("error", done);
        ws.on("close", done);
        ws.on("message", (data) => {
          const message = JSON.parse(String(data)) as { type: string; nonce?: string };
          if (message.type === "challenge" && helloFirst) {
            const signature = sign(null, Buffer.from(helloSigningText(message.nonce ?? "", node.id)), key).toString("base64");
            ws.send(
              JSON.stringify({
                type: "hello",
                instanceId: node.id,
                signature,
                agentVersion: "1.0.0",
                platform: { Type: "Linux", Name: "Debian", Version: "12" },
              }),
            );
          } else if (message.type === "welcome" || (message.type === "challenge" && !helloFirst)) {
            ws.send(typeof frame === "string" ? frame : JSON.stringify(frame), () => setTimeout(done, 50));
          }
        });
      });
    }
    assert.equal((await fetch(new URL("/health", t.endpoint))).status, 200);
    assert.doesNotMatch(t.logText(), /"msg":"agent message failed"/, "no frame made a handler fail");
  });
});
