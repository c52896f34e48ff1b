/**
 * @module The example policies in examples/policies/ do what examples/README.md says: each is attached to a user
 * as written, and that user's calls through the SDK are allowed or refused (AccessDeniedException) as described.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import {
  DescribeInstanceInformationCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  PutParameterCommand,
  SendCommandCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { newUser } from "../kit/accounts.ts";
import { outcome } from "../kit/outcome.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let admin: SSMClient;
const clients: SSMClient[] = [];

const example = async (name: string) => JSON.parse(await readFile(new URL(`../../examples/policies/${name}`, import.meta.url), "utf8"));

/** A user holding the example policy, as an SDK client (in `region`, us-east-1 by default). */
async function userWith(userName: string, policyFile: string, region?: string): Promise<SSMClient> {
  const client = t.ssm(await newUser(t, userName, await example(policyFile)), region);
  clients.push(client);
  return client;
}

const put = (ssm: SSMClient, name: string, value = "v") => ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: "String" }));
const get = (ssm: SSMClient, name: string) => ssm.send(new GetParameterCommand({ Name: name }));

before(async () => {
  t = await startTestServer();
  admin = t.ssm();
  for (const name of ["/app/db/url", "/app/secret/token", "/shared/region", "/payments/prod/db", "/other/x"]) await put(admin, name);
});
after(async () => {
  for (const c of [admin, ...clients]) c.destroy();
  await t?.close();
});

describe("examples/policies", () => {
  it("read-only.json: looks at everything, changes nothing, and reads no parameter under a secret level", async () => {
    const auditor = await userWith("auditor", "read-only.json");
    assert.equal(await outcome(auditor.send(new DescribeInstanceInformationCommand({}))), "none");
    assert.equal(await outcome(auditor.send(new DescribeParametersCommand({}))), "none");
    assert.equal(await outcome(get(auditor, "/app/db/url")), "none");
    assert.equal(await outcome(get(auditor, "/app/secret/token")), "AccessDeniedException");
    assert.equal(await outcome(put(auditor, "/app/db/url")), "AccessDeniedException");
  });

  it("deployer.json: runs AWS-RunShellScript and no other document, owns /app, and stays in us-east-1", async () => {
    const deployer = await userWith("deployer", "deployer.json");
    const send = (DocumentName: string) =>
      deployer.send(
        new SendCommandCommand({ DocumentName, Targets: [{ Key: "tag:env", Values: ["nowhere"] }], Parameters: { commands: ["true"] } }),
      );
    assert.equal(await outcome(send("AWS-RunShellScript")), "none");
    assert.equal(await outcome(send("AWS-RunPowerShellScript")), "AccessDeniedException");
    assert.equal(await outcome(put(deployer, "/app/release")), "none");
    assert.equal(await outcome(get(deployer, "/app/release")), "none");
    assert.equal(await outcome(get(deployer, "/other/x")), "AccessDeniedException");
    const elsewhere = t.ssm(await newUser(t, "deployer-eu", await example("deployer.json")), "eu-west-1");
    clients.push(elsewhere);
    assert.equal(await outcome(put(elsewhere, "/app/release")), "AccessDeniedException", "the Deny outside us-east-1");
  });

  it("team-parameters.json: the team's folder, shared settings read-only, and no production secret for payments-ci", async () => {
    const payments = await userWith("payments", "team-parameters.json");
    assert.equal(await outcome(put(payments, "/payments/dev/db")), "none");
    assert.equal(await outcome(get(payments, "/payments/prod/db")), "none");
    assert.equal(await outcome(get(payments, "/shared/region")), "none");
    assert.equal(await outcome(put(payments, "/shared/region")), "AccessDeniedException");
    assert.equal(await outcome(get(payments, "/other/x")), "AccessDeniedException");
    const ci = await userWith("payments-ci", "team-parameters.json");
    assert.equal(await outcome(get(ci, "/payments/dev/db")), "none");
    assert.equal(await outcome(get(ci, "/payments/prod/db")), "AccessDeniedException", "the Deny on aws:username");
  });
});
