/**
 * @module Canary secrets: a SecureString, a console password, an activation code and a secret in the agent's own
 * environment are used the way an operator would use them (stored, read, signed in with, registered with, a command
 * run with output to a bucket), then looked for, in every encoding a leak could take, in the database files (WAL
 * included), the server's log, the buckets, the output staging folder, the agent's state folder (journal, work,
 * log) and the command's output.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateActivationCommand, GetParameterCommand, PutParameterCommand, SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { apiClient } from "../kit/api-call.ts";
import { postgresRowsText } from "../kit/database-text.ts";
import { type Fleet, invocationReaches, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer, testEngine } from "../kit/test-server.ts";

const canaries = {
  secureString: `canary-secure-${randomBytes(8).toString("hex")}`,
  password: `canary-password-${randomBytes(8).toString("hex")}`,
  agentEnvironment: `canary-agent-env-${randomBytes(8).toString("hex")}`,
};
let activationCode = "";
let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;

function forms(value: string): string[] {
  const bytes = Buffer.from(value);
  return [value, bytes.toString("base64").replace(/=+$/, ""), bytes.toString("hex"), bytes.toString("hex").toUpperCase()];
}

/** Every file under a folder, as text. */
async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile() && (await stat(path)).size < 64 * 1024 * 1024)
      out.push({ path, text: (await readFile(path)).toString("latin1") });
  }
  return out;
}

before(async () => {
  process.env.BOSUN_CANARY_AGENT = canaries.agentEnvironment;
  t = await startTestServer({ heartbeatIntervalMs: 500 });
  ssm = t.ssm();
  fleet = await startFleet(t, ssm, { node: {} });
  delete process.env.BOSUN_CANARY_AGENT;
});
after(async () => {
  await fleet?.stop();
  await t?.close();
});

describe("canary secrets", () => {
  it("are used as an operator would use them", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/canary/secret", Value: canaries.secureString, Type: "SecureString" }));
    const read = await ssm.send(new GetParameterCommand({ Name: "/canary/secret", WithDecryption: true }));
    assert.equal(read.Parameter?.Value, canaries.secureString);
    const api = apiClient(t.endpoint, t.admin);
    await api.call("Bosun.CreateUser", { UserName: "canary" });
    await api.call("Bosun.PutLoginProfile", { UserName: "canary", Password: canaries.password });
    const signIn = await fetch(new URL("/console/signin", t.endpoint), {
      method: "POST",
      body: JSON.stringify({ AccountId: t.accountId, UserName: "canary", Password: canaries.password }),
    });
    assert.equal(signIn.status, 200);
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    activationCode = activation.ActivationCode ?? "";
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: "AWS-RunShellScript",
        InstanceIds: [fleet.node("node").id],
        Parameters: { commands: ["env", "echo done"] },
        OutputS3BucketName: "canary-output",
      }),
    );
    const result = await invocationReaches(ssm, sent.Command?.CommandId ?? "", fleet.node("node").id, ["Success"]);
    assert.match(result.StandardOutputContent ?? "", /done/);
    assert.doesNotMatch(result.StandardOutputContent ?? "", new RegExp(canaries.agentEnvironment), "the step's environment");
  });

  it("are nowhere at rest: database, log, buckets, staging, agent state, command output", async () => {
    const places: { path: string; text: string }[] = [
      ...(testEngine === "sqlite"
        ? (await filesUnder(t.dataDir)).filter((f) => !f.path.includes("/buckets/"))
        : [{ path: "postgres", text: await postgresRowsText(t) }, ...(await filesUnder(t.dataDir))]),
      ...(await filesUnder(join(t.dataDir, "buckets"))),
      ...(await filesUnder(fleet.node("node").dir)),
      { path: "server log", text: t.logText() },
    ];
    assert.ok(
      places.some((p) => p.path.includes("canary-output")),
      "the command's output reached the bucket",
    );
    assert.ok(
      places.some((p) => p.path.includes("journal")),
      "the agent's journal is searched",
    );
    const found: string[] = [];
    for (const [name, value] of [...Object.entries(canaries), ["activationCode", activationCode]] as const)
      for (const form of forms(value))
        for (const place of places) if (place.text.includes(form)) found.push(`${name} in ${place.path.replace(t.dataDir, "<data-dir>")}`);
    assert.deepEqual(found, []);
  });
});
