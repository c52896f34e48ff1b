/** @module Real `bosun agent register` processes against a real server: nodes appear, bad activations create none. */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeActivationsCommand,
  DescribeInstanceInformationCommand,
  type InstanceInformation,
  ListTagsForResourceCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { freePort } from "../kit/ports.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
let work: string;

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
  work = await mkdtemp(join(tmpdir(), "bosun-agents-"));
});
after(async () => {
  await t.close();
  await rm(work, { recursive: true, force: true });
});

const register = (stateDir: string, activation: { ActivationId?: string; ActivationCode?: string }, extra: string[] = []) =>
  registerAgentProcess(t.endpoint, stateDir, activation, extra);

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  throw new Error("registration succeeded");
}

const nodes = async (input: ConstructorParameters<typeof DescribeInstanceInformationCommand>[0] = {}): Promise<InstanceInformation[]> =>
  (await ssm.send(new DescribeInstanceInformationCommand(input))).InstanceInformationList ?? [];

describe("agent registration", () => {
  let first = "";
  let activationId = "";

  it("registers two machines with one activation, each with its own key in a 0700 folder", async () => {
    const activation = await ssm.send(
      new CreateActivationCommand({
        IamRole: "SSMRole",
        RegistrationLimit: 2,
        DefaultInstanceName: "lab",
        Tags: [{ Key: "env", Value: "lab" }],
      }),
    );
    activationId = activation.ActivationId ?? "";
    first = await register(join(work, "a"), activation);
    const second = await register(join(work, "b"), activation);
    assert.match(first, /^mi-[0-9a-f]{17}$/);
    assert.notEqual(first, second);
    for (const dir of ["a", "b"]) {
      assert.equal((await stat(join(work, dir))).mode & 0o777, 0o700);
      assert.equal((await stat(join(work, dir, "private-key.pem"))).mode & 0o777, 0o600);
      assert.match(await readFile(join(work, dir, "private-key.pem"), "utf8"), /BEGIN PRIVATE KEY/);
    }
    const counted = await ssm.send(
      new DescribeActivationsCommand({ Filters: [{ FilterKey: "ActivationIds", FilterValues: [activationId] }] }),
    );
    assert.equal(counted.ActivationList?.[0]?.RegistrationsCount, 2);
  });

  it("lists the nodes with SSM's fields, ConnectionLost until the agent connects", async () => {
    const [node] = await nodes({ Filters: [{ Key: "InstanceIds", Values: [first] }] });
    assert.equal(node?.InstanceId, first);
    assert.equal(node?.PingStatus, "ConnectionLost");
    assert.equal(node?.ResourceType, "ManagedInstance");
    assert.equal(node?.ActivationId, activationId);
    assert.equal(node?.IamRole, "SSMRole");
    assert.equal(node?.Name, "lab");
    assert.equal(node?.SourceId, first);
    assert.equal(node?.SourceType, "AWS::SSM::ManagedInstance");
    assert.ok(node?.RegistrationDate instanceof Date);
    assert.ok((node?.ComputerName ?? "").length > 0);
  });

  it("gives the nodes the activation's tags, and tags them through Add/ListTagsForResource", async () => {
    const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: first }));
    assert.deepEqual(tags.TagList, [{ Key: "env", Value: "lab" }]);
    await ssm.send(
      new AddTagsToResourceCommand({ ResourceType: "ManagedInstance", ResourceId: first, Tags: [{ Key: "role", Value: "web" }] }),
    );
    assert.deepEqual(
      (await nodes({ Filters: [{ Key: "tag:role", Values: ["web"] }] })).map((n) => n.InstanceId),
      [first],
    );
    assert.equal((await nodes({ Filters: [{ Key: "tag-key", Values: ["env"] }] })).length, 2);
    assert.equal((await nodes({ Filters: [{ Key: "tag:env", Values: ["prod"] }] })).length, 0);
  });

  it("filters by every key, in both filter lists", async () => {
    assert.equal((await nodes({ Filters: [{ Key: "PingStatus", Values: ["ConnectionLost"] }] })).length, 2);
    assert.equal((await nodes({ Filters: [{ Key: "PingStatus", Values: ["Online"] }] })).length, 0);
    assert.equal((await nodes({ Filters: [{ Key: "ActivationIds", Values: [activationId] }] })).length, 2);
    assert.equal((await nodes({ Filters: [{ Key: "IamRole", Values: ["OtherRole"] }] })).length, 0);
    assert.equal((await nodes({ Filters: [{ Key: "ResourceType", Values: ["ManagedInstance"] }] })).length, 2);
    assert.equal((await nodes({ Filters: [{ Key: "SourceTypes", Values: ["AWS::SSM::ManagedInstance"] }] })).length, 2);
    assert.equal((await nodes({ Filters: [{ Key: "SourceIds", Values: [first] }] })).length, 1);
    assert.equal(
      (await nodes({ Filters: [{ Key: "PlatformTypes", Values: ["Linux"] }] })).length,
      0,
      "no platform is known before the agent connects",
    );
    assert.equal((await nodes({ InstanceInformationFilterList: [{ key: "InstanceIds", valueSet: [first] }] })).length, 1);
    assert.equal(
      (
        await nodes({
          InstanceInformationFilterList: [{ key: "ActivationIds", valueSet: [activationId] }],
          Filters: [{ Key: "InstanceIds", Values: [first] }],
        })
      ).length,
      1,
    );
  });

  it("refuses a wrong code, an expired activation and an exhausted one, creating no node", async () => {
    const before = (await nodes()).length;
    const exhausted = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: 1 }));
    await register(join(work, "c"), exhausted);
    assert.match(
      await refusal(register(join(work, "d"), exhausted)),
      /ActivationLimitExceeded/,
      "exhausted (the exception name is unverified against AWS)",
    );
    assert.match(await refusal(register(join(work, "e"), { ...exhausted, ActivationCode: "WrongCodeWrongCode00" })), /InvalidActivation/);
    const expired = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    const db = t.server.services.database.db.withTables<{ activations: { activation_id: string; expires_at: number } }>();
    await db
      .updateTable("activations")
      .set({ expires_at: Date.now() - 1000 })
      .where("activation_id", "=", expired.ActivationId ?? "")
      .execute();
    assert.match(await refusal(register(join(work, "f"), expired)), /ActivationExpired/);
    assert.match(
      await refusal(
        register(join(work, "g"), { ActivationId: "00000000-0000-0000-0000-000000000000", ActivationCode: "AnyCodeAnyCode000000" }),
      ),
      /InvalidActivation/,
    );
    assert.equal((await nodes()).length, before + 1);
  });

  it("names the server and the reason when it cannot be reached", async () => {
    const activation = { ActivationId: "00000000-0000-4000-8000-000000000000", ActivationCode: "AnyCodeAnyCode000000" };
    const port = await freePort();
    const stderr = await refusal(registerAgentProcess(`http://127.0.0.1:${port}`, join(work, "unreachable"), activation));
    assert.ok(
      stderr.includes(`cannot reach the Bosun server at http://127.0.0.1:${port}: nothing listens on that port (ECONNREFUSED)`),
      stderr,
    );
  });

  it("refuses to register a registered machine again unless forced", async () => {
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: 2 }));
    const dir = join(work, "h");
    const once = await register(dir, activation);
    assert.match(await refusal(register(dir, activation)), /already registered as mi-/);
    const again = await register(dir, activation, ["--force"]);
    assert.notEqual(again, once);
    const registration = JSON.parse(await readFile(join(dir, "registration.json"), "utf8")) as { InstanceId: string };
    assert.equal(registration.InstanceId, again);
  });

  it("keeps nodes within their account", async () => {
    const other = t.ssm((await newAccount(t, "elsewhere")).admin);
    assert.deepEqual((await other.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList, []);
    await assert.rejects(other.send(new DeregisterManagedInstanceCommand({ InstanceId: first })), { name: "InvalidInstanceId" });
  });

  it("pages through nodes 5 at a time", async () => {
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: 6 }));
    for (let i = 0; i < 6; i++) await register(join(work, `page-${i}`), activation);
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 5, NextToken }));
      assert.ok((page.InstanceInformationList?.length ?? 0) <= 5);
      seen.push(...(page.InstanceInformationList ?? []).map((n) => n.InstanceId ?? ""));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(seen.length, (await nodes()).length);
  });

  it("deregisters a node, which then no longer exists", async () => {
    await ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: first }));
    assert.equal((await nodes({ Filters: [{ Key: "InstanceIds", Values: [first] }] })).length, 0);
    await assert.rejects(ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: first })), { name: "InvalidInstanceId" });
    await assert.rejects(ssm.send(new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: first })), {
      name: "InvalidResourceId",
    });
  });

  it("answers bad input with the model's errors", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const cases: [string, Record<string, unknown>, string][] = [
      ["DescribeInstanceInformation", { MaxResults: 4 }, "ValidationException"],
      ["DescribeInstanceInformation", { MaxResults: 51 }, "ValidationException"],
      ["DescribeInstanceInformation", { Filters: [{ Key: "Color", Values: ["red"] }] }, "InvalidFilterKey"],
      ["DescribeInstanceInformation", { Filters: [{ Key: "PingStatus", Values: ["Sleeping"] }] }, "InvalidInstanceInformationFilterValue"],
      [
        "DescribeInstanceInformation",
        { Filters: [{ Key: "InstanceIds", Values: ["not-an-id"] }] },
        "InvalidInstanceInformationFilterValue",
      ],
      ["DescribeInstanceInformation", { Filters: [{ Key: "PingStatus", Values: [] }] }, "ValidationException"],
      ["DescribeInstanceInformation", { InstanceInformationFilterList: [{ key: "tag:x", valueSet: ["y"] }] }, "ValidationException"],
      ["DescribeInstanceInformation", { NextToken: "Zm9yZ2Vk" }, "InvalidNextToken"],
      ["DeregisterManagedInstance", {}, "ValidationException"],
      ["DeregisterManagedInstance", { InstanceId: "i-1234567890abcdef0" }, "ValidationException"],
      ["DeregisterManagedInstance", { InstanceId: "mi-00000000000000000" }, "InvalidInstanceId"],
    ];
    for (const [action, input, exception] of cases) {
      const error = await expectApiError(api.call(`AmazonSSM.${action}`, input));
      assert.equal(error.exception, exception, `${action} ${JSON.stringify(input)}`);
    }
  });

  it("never writes an activation code to the log", async () => {
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    await register(join(work, "logged"), activation);
    await refusal(register(join(work, "logged-2"), activation));
    assert.match(t.logText(), /managed node registered/);
    assert.ok(!t.logText().includes(activation.ActivationCode ?? "missing"));
  });

  it("answers a malformed registration request with the AWS error, never a 500", async () => {
    const post = (body: string) => fetch(new URL("/agent/v1/register", t.endpoint), { method: "POST", body });
    const cases: [string, string][] = [
      ["{not json", "SerializationException"],
      ["{}", "ValidationException"],
      [
        JSON.stringify({
          ActivationId: activationId,
          ActivationCode: "x".repeat(20),
          Region: "us-east-1",
          PublicKey: "AAAA",
          PublicKeyType: "Ed25519",
        }),
        "ValidationException",
      ],
      [
        JSON.stringify({
          ActivationId: activationId,
          ActivationCode: "x".repeat(20),
          Region: "us-east-1",
          PublicKey: "AAAA",
          PublicKeyType: "RSA",
        }),
        "ValidationException",
      ],
    ];
    for (const [body, exception] of cases) {
      const response = await post(body);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { __type: string }).__type, exception, body.slice(0, 60));
    }
  });
});
