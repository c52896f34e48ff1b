/** @module Guessing activation codes: wrong codes slow down their source and the activation they name. */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { CreateActivationCommand } from "@aws-sdk/client-ssm";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t?.close());

const publicKey = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).toString("base64");

async function register(
  ActivationId: string,
  ActivationCode: string,
): Promise<{ status: number; type: string; retryAfter: string | null }> {
  const response = await fetch(new URL("/agent/v1/register", t.endpoint), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ActivationId, ActivationCode, Region: "us-east-1", PublicKey: publicKey, PublicKeyType: "Ed25519" }),
  });
  const body = (await response.json()) as { __type: string };
  return { status: response.status, type: body.__type, retryAfter: response.headers.get("retry-after") };
}

describe("registration with wrong activation codes", () => {
  it("is slowed down after a few failures, and the right code works once the wait is over", async () => {
    const activation = await t.ssm().send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    const id = activation.ActivationId ?? "";
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await register(id, `WrongCodeWrongCode${String(i).padStart(2, "0")}`));
    assert.deepEqual(
      answers.slice(0, 10).map((a) => a.type),
      Array(10).fill("InvalidActivation"),
    );
    const throttled = answers[11];
    assert.equal(throttled?.type, "ThrottlingException");
    assert.ok(Number(throttled?.retryAfter) >= 1);
    await new Promise((resolve) => setTimeout(resolve, Number(throttled?.retryAfter) * 1000));
    const right = await register(id, activation.ActivationCode ?? "");
    assert.equal(right.status, 200, right.type);
  });
});
