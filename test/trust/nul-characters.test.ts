/**
 * @module A NUL character anywhere in a request is bad input, answered with the AWS validation error on both engines
 * (PostgreSQL cannot store one, and used to answer 500).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateOrganizationalUnitCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let api: ApiClient;
before(async () => {
  t = await startTestServer();
  api = apiClient(t.endpoint, t.admin);
});
after(() => t?.close());

const nul = "a\u0000b";
const cases: [string, Record<string, unknown>, string][] = [
  ["AmazonSSM.PutParameter", { Name: "/nul/value", Value: nul, Type: "String" }, "'value'"],
  [
    "AmazonSSM.PutParameter",
    { Name: "/nul/tagged", Value: "v", Type: "String", Tags: [{ Key: "k", Value: nul }] },
    "'tags.1.member.value'",
  ],
  [
    "AmazonSSM.CreateDocument",
    { Name: "NulDoc", DocumentType: "Command", Content: `{"schemaVersion":"2.2","description":"${nul}","mainSteps":[]}` },
    "'content'",
  ],
  ["AmazonSSM.CreateActivation", { IamRole: "SSMRole", Description: nul }, "'description'"],
  [
    "AmazonSSM.SendCommand",
    { DocumentName: "AWS-RunShellScript", Targets: [{ Key: "tag:none", Values: ["x"] }], Parameters: { commands: ["id"] }, Comment: nul },
    "'comment'",
  ],
  ["AmazonSSM.DescribeInstanceInformation", { Filters: [{ Key: "tag:env", Values: [nul] }] }, "'filters.1.member.values.1.member'"],
  [
    "AmazonSSM.SendCommand",
    { DocumentName: "AWS-RunShellScript", Targets: [{ Key: "tag:x", Values: ["y"] }], Parameters: { [nul]: ["x"] } },
    "'parameters.ab'",
  ],
  ["Bosun.SearchInventory", { Conditions: [{ Key: "AWS:Application.Name", Operator: "Equal", Values: [nul] }] }, "'conditions"],
];

describe("NUL characters", () => {
  it("are refused with ValidationException naming the member, never a 500", async () => {
    for (const [target, input, member] of cases) {
      const error = await expectApiError(api.call(target, input));
      assert.equal(error.exception, "ValidationException", `${target}: ${error.message}`);
      assert.ok(error.message.includes(member), `${target}: ${error.message} should name ${member}`);
      assert.ok(error.message.includes("null characters"), error.message);
    }
  });

  it("are refused by Organizations with InvalidInputException", async () => {
    const organizations = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: t.admin, maxAttempts: 1 });
    try {
      const error = await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: "r-ab12", Name: nul })).then(
        () => undefined,
        (e: { name: string; Reason?: string }) => e,
      );
      assert.equal(error?.name, "InvalidInputException");
      assert.equal(error?.Reason, "INVALID_PATTERN");
    } finally {
      organizations.destroy();
    }
  });
});
