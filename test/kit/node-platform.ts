/**
 * @module A node on a platform this machine is not (Ubuntu, AlmaLinux, ...): registered through the real endpoint,
 * whose agent connection says hello once over the real channel protocol — signed with the node's own key, reporting
 * the platform — and closes. What an agent on that system would tell the server, without the system.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { CreateActivationCommand, SSMClient } from "@aws-sdk/client-ssm";
import WebSocket from "ws";
import { channelPath, helloSigningText, type ServerMessage } from "../../src/protocol/agent/channel.ts";
import { registerPath } from "../../src/protocol/agent/registration.ts";
import type { TestServer } from "./test-server.ts";

type Keys = { accessKeyId: string; secretAccessKey: string };

export async function nodeOnPlatform(server: TestServer, keys: Keys, platform: { Name: string; Version: string }): Promise<string> {
  const ssm = new SSMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 1 }));
  ssm.destroy();
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const response = await fetch(new URL(registerPath, server.endpoint), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      ActivationId: activation.ActivationId,
      ActivationCode: activation.ActivationCode,
      Region: "us-east-1",
      PublicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
      PublicKeyType: "Ed25519",
    }),
  });
  if (!response.ok) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const { InstanceId } = (await response.json()) as { InstanceId: string };
  await sayHello(server.endpoint, { id: InstanceId, key: privateKey.export({ format: "pem", type: "pkcs8" }).toString() }, platform);
  return InstanceId;
}

/** An agent's signed hello to the server's challenge, reporting `platform` (what bench/lib/simulated-agents.ts says too). */
export function helloFrame(instanceId: string, key: KeyObject, nonce: string, platform: { Name: string; Version: string }) {
  return {
    type: "hello",
    instanceId,
    signature: sign(null, Buffer.from(helloSigningText(nonce, instanceId)), key).toString("base64"),
    agentVersion: "0.1.0",
    platform: { Type: "Linux", ...platform },
    computerName: instanceId,
  };
}

/** Opens a registered node's channel, says its signed hello reporting `platform`, and closes once welcomed. */
export function sayHello(endpoint: string, node: { id: string; key: string }, platform: { Name: string; Version: string }): Promise<void> {
  const key = createPrivateKey(node.key);
  return new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(new URL(channelPath, endpoint.replace(/^http/, "ws")).toString());
    ws.on("error", reject);
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.type === "challenge") ws.send(JSON.stringify(helloFrame(node.id, key, message.nonce, platform)));
      else if (message.type === "welcome") {
        ws.once("close", () => resolve());
        ws.close();
      }
    });
  });
}
