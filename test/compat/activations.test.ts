/** @module Hybrid activations through @aws-sdk/client-ssm: create, describe with filters and pages, delete, bad input. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateActivationCommand, DeleteActivationCommand, DescribeActivationsCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { sql } from "kysely";
import { newAccount } from "../kit/accounts.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
});
after(() => t.close());

describe("activations", () => {
  it("creates an activation with SSM's defaults: one registration, 24 hours", async () => {
    const before = Date.now();
    const created = await ssm.send(
      new CreateActivationCommand({ IamRole: "service-role/SSMRole", Description: "lab", DefaultInstanceName: "lab-box" }),
    );
    assert.match(created.ActivationId ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok((created.ActivationCode?.length ?? 0) >= 20 && (created.ActivationCode?.length ?? 0) <= 250);
    const listed = await ssm.send(
      new DescribeActivationsCommand({ Filters: [{ FilterKey: "ActivationIds", FilterValues: [created.ActivationId ?? ""] }] }),
    );
    const activation = listed.ActivationList?.[0];
    assert.equal(activation?.RegistrationLimit, 1);
    assert.equal(activation?.RegistrationsCount, 0);
    assert.equal(activation?.Expired, false);
    assert.equal(activation?.Description, "lab");
    assert.equal(activation?.DefaultInstanceName, "lab-box");
    assert.equal(activation?.IamRole, "service-role/SSMRole");
    const lifetime = (activation?.ExpirationDate?.getTime() ?? 0) - before;
    assert.ok(lifetime > 86_390_000 && lifetime < 86_410_000, `expires in about a day (${lifetime} ms)`);
  });

  it("keeps tags, a chosen limit and expiration", async () => {
    const expires = new Date(Date.now() + 3 * 86_400_000);
    const created = await ssm.send(
      new CreateActivationCommand({
        IamRole: "SSMRole",
        RegistrationLimit: 25,
        ExpirationDate: expires,
        Tags: [{ Key: "env", Value: "prod" }],
      }),
    );
    const out = await ssm.send(
      new DescribeActivationsCommand({ Filters: [{ FilterKey: "ActivationIds", FilterValues: [created.ActivationId ?? ""] }] }),
    );
    assert.equal(out.ActivationList?.[0]?.RegistrationLimit, 25);
    assert.equal(Math.round((out.ActivationList?.[0]?.ExpirationDate?.getTime() ?? 0) / 1000), Math.round(expires.getTime() / 1000));
    assert.deepEqual(out.ActivationList?.[0]?.Tags, [{ Key: "env", Value: "prod" }]);
  });

  it("filters by IamRole and DefaultInstanceName and pages through every activation once", async () => {
    for (let i = 0; i < 5; i++)
      await ssm.send(new CreateActivationCommand({ IamRole: "PagedRole", DefaultInstanceName: `paged-${i % 2}` }));
    const byRole = await ssm.send(new DescribeActivationsCommand({ Filters: [{ FilterKey: "IamRole", FilterValues: ["PagedRole"] }] }));
    assert.equal(byRole.ActivationList?.length, 5);
    const byName = await ssm.send(
      new DescribeActivationsCommand({
        Filters: [
          { FilterKey: "IamRole", FilterValues: ["PagedRole"] },
          { FilterKey: "DefaultInstanceName", FilterValues: ["paged-0"] },
        ],
      }),
    );
    assert.equal(byName.ActivationList?.length, 3);
    const ids: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new DescribeActivationsCommand({ MaxResults: 2, NextToken }));
      assert.ok((page.ActivationList?.length ?? 0) <= 2);
      ids.push(...(page.ActivationList ?? []).map((a) => a.ActivationId ?? ""));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, 7);
  });

  it("deletes an activation, after which it is InvalidActivationId", async () => {
    const { ActivationId } = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    await ssm.send(new DeleteActivationCommand({ ActivationId }));
    await assert.rejects(ssm.send(new DeleteActivationCommand({ ActivationId })), { name: "InvalidActivationId" });
    const out = await ssm.send(
      new DescribeActivationsCommand({ Filters: [{ FilterKey: "ActivationIds", FilterValues: [ActivationId ?? ""] }] }),
    );
    assert.deepEqual(out.ActivationList, []);
  });

  it("keeps activations within their account", async () => {
    const { ActivationId } = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    const other = t.ssm((await newAccount(t, "other")).admin);
    assert.deepEqual((await other.send(new DescribeActivationsCommand({}))).ActivationList, []);
    await assert.rejects(other.send(new DeleteActivationCommand({ ActivationId })), { name: "InvalidActivationId" });
  });

  it("stores no activation code in clear", async () => {
    const { ActivationCode } = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    const rows = await sql<{ row: string }>`select * from activations`.execute(t.server.services.database.db);
    assert.ok(!JSON.stringify(rows.rows).includes(ActivationCode ?? "missing"));
  });

  it("answers bad input with the model's errors and creates nothing", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const count = async () =>
      (await sql<{ n: number }>`select count(*) as n from activations`.execute(t.server.services.database.db)).rows[0]?.n;
    const before = Number(await count());
    const day = 86_400;
    const now = Date.now() / 1000;
    const cases: [Record<string, unknown>, string, string, string?][] = [
      [{}, "CreateActivation", "ValidationException", "'iamRole'"],
      [{ IamRole: "x".repeat(65) }, "CreateActivation", "ValidationException", "'iamRole'"],
      [{ IamRole: "" }, "CreateActivation", "ValidationException"],
      [{ IamRole: "r", RegistrationLimit: 0 }, "CreateActivation", "ValidationException", "'registrationLimit'"],
      [{ IamRole: "r", RegistrationLimit: 1001 }, "CreateActivation", "ValidationException", "'registrationLimit'"],
      [{ IamRole: "r", RegistrationLimit: "5" }, "CreateActivation", "SerializationException", "'registrationLimit'"],
      [{ IamRole: "r", ExpirationDate: now - 60 }, "CreateActivation", "ValidationException"],
      [{ IamRole: "r", ExpirationDate: now + 31 * day }, "CreateActivation", "ValidationException"],
      [{ IamRole: "r", DefaultInstanceName: "bad*name" }, "CreateActivation", "ValidationException", "'defaultInstanceName'"],
      [{ IamRole: "r", Description: "d".repeat(257) }, "CreateActivation", "ValidationException", "'description'"],
      [{ ActivationId: "not-a-uuid" }, "DeleteActivation", "ValidationException", "'activationId'"],
      [{}, "DeleteActivation", "ValidationException", "'activationId'"],
      [{ Filters: [{ FilterKey: "Owner", FilterValues: ["x"] }] }, "DescribeActivations", "ValidationException", "enum value set"],
      [{ MaxResults: 51 }, "DescribeActivations", "ValidationException", "'maxResults'"],
      [{ NextToken: "Zm9yZ2Vk" }, "DescribeActivations", "InvalidNextToken"],
    ];
    for (const [input, action, exception, mentions] of cases) {
      const error = await expectApiError(api.call(`AmazonSSM.${action}`, input));
      assert.equal(error.exception, exception, `${action} ${JSON.stringify(input).slice(0, 80)}`);
      if (mentions) assert.ok(error.message.includes(mentions), error.message);
    }
    assert.equal(Number(await count()), before);
  });
});
