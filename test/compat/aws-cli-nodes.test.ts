/** @module The real AWS CLI v2 drives activations, managed nodes and documents against a server with real agents. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type AgentProcess, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

// CI installs the CLI (.ci/run); a developer machine without it skips this file, saying why.
const missing = awsCliMissing();

let t: TestServer;
let work: string;
const agents: AgentProcess[] = [];

const aws = (...args: string[]) => awsSsm(t, work, ...args);

describe("AWS CLI v2 with managed nodes and documents", { skip: missing }, () => {
  before(async () => {
    t = await startTestServer({ heartbeatIntervalMs: 300 });
    work = await mkdtemp(join(tmpdir(), "bosun-cli-nodes-"));
  });
  after(async () => {
    for (const agent of agents) agent.kill("SIGKILL");
    await t?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("create-activation, two agents register and run, describe-instance-information shows them Online", async () => {
    const activation = await aws(
      "create-activation",
      "--iam-role",
      "SSMRole",
      "--registration-limit",
      "2",
      "--default-instance-name",
      "cli-node",
      "--tags",
      "Key=env,Value=lab",
    );
    assert.match(String(activation.ActivationId), /^[0-9a-f-]{36}$/);
    const ids = [];
    for (const name of ["one", "two"]) {
      ids.push(await registerAgentProcess(t.endpoint, join(work, name), activation as { ActivationId: string; ActivationCode: string }));
      agents.push(startAgentProcess(join(work, name)));
    }
    const online = async () =>
      ((await aws("describe-instance-information", "--filters", "Key=PingStatus,Values=Online")).InstanceInformationList as unknown[])
        .length;
    await waitFor(async () => (await online()) === 2, 15_000, 200);
    const listed = (await aws("describe-instance-information", "--filters", "Key=tag:env,Values=lab")).InstanceInformationList as Record<
      string,
      unknown
    >[];
    assert.deepEqual(listed.map((n) => n.InstanceId).sort(), ids.sort());
    const node = listed[0] ?? {};
    assert.equal(node.PlatformType, "Linux");
    assert.equal(node.ResourceType, "ManagedInstance");
    assert.equal(node.Name, "cli-node");
    assert.match(String(node.LastPingDateTime), /^\d{4}-\d{2}-\d{2}T/);
    const described = (await aws("describe-activations")).ActivationList as Record<string, unknown>[];
    assert.equal(described[0]?.RegistrationsCount, 2);
    await aws("deregister-managed-instance", "--instance-id", ids[0] ?? "");
    assert.equal(((await aws("describe-instance-information")).InstanceInformationList as unknown[]).length, 1);
    assert.deepEqual(await aws("delete-activation", "--activation-id", String(activation.ActivationId)), {});
  });

  it("create-document from a YAML file, update it, and read it back as JSON", async () => {
    const file = join(work, "hello.yaml");
    await writeFile(
      file,
      'schemaVersion: "2.2"\ndescription: Says hello.\nmainSteps:\n  - action: aws:runShellScript\n    name: hello\n    inputs:\n      runCommand:\n        - echo hello\n',
    );
    const created = (
      await aws(
        "create-document",
        "--name",
        "Hello",
        "--content",
        `file://${file}`,
        "--document-format",
        "YAML",
        "--document-type",
        "Command",
      )
    ).DocumentDescription as Record<string, unknown>;
    assert.equal(created.Status, "Active");
    assert.deepEqual(created.PlatformTypes, ["Linux", "MacOS"]);
    await writeFile(
      file,
      'schemaVersion: "2.2"\ndescription: Says hi.\nmainSteps:\n  - action: aws:runShellScript\n    name: hello\n    inputs:\n      runCommand:\n        - echo hi\n',
    );
    const updated = (
      await aws(
        "update-document",
        "--name",
        "Hello",
        "--content",
        `file://${file}`,
        "--document-format",
        "YAML",
        "--document-version",
        "$LATEST",
      )
    ).DocumentDescription as Record<string, unknown>;
    assert.equal(updated.DocumentVersion, "2");
    await aws("update-document-default-version", "--name", "Hello", "--document-version", "2");
    const json = await aws("get-document", "--name", "Hello", "--document-format", "JSON");
    assert.equal((JSON.parse(String(json.Content)) as { description: string }).description, "Says hi.");
    const mine = (await aws("list-documents", "--filters", "Key=Owner,Values=Self")).DocumentIdentifiers as Record<string, unknown>[];
    assert.deepEqual(
      mine.map((d) => d.Name),
      ["Hello"],
    );
    const shell = (await aws("describe-document", "--name", "AWS-RunShellScript")).Document as Record<string, unknown>;
    assert.equal(shell.Owner, "Amazon");
  });
});
