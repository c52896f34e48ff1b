/**
 * @module AWS's recorded words (docs/aws-error-wording.md): every row of the document's tables is sent to a real server
 * as written, and answered with its exception and its exact message. The document is the test's data, so a wording
 * added there is checked, and one Bosun stops using fails here.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { CreateDocumentCommand, ModifyDocumentPermissionCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
before(async () => {
  t = await startTestServer();
  const ssm = t.ssm();
  await ssm.send(new PutParameterCommand({ Name: "/wording/p", Value: "v", Type: "String" }));
  // The documents the rows refer to: one at version 1 named "first", and one shared with another account.
  const content = JSON.stringify({
    schemaVersion: "2.2",
    mainSteps: [{ action: "aws:runShellScript", name: "run", inputs: { runCommand: ["true"] } }],
  });
  await ssm.send(new CreateDocumentCommand({ Name: "Wording-Doc", DocumentType: "Command", Content: content, VersionName: "first" }));
  await ssm.send(new CreateDocumentCommand({ Name: "Wording-Shared", DocumentType: "Command", Content: content }));
  await ssm.send(
    new ModifyDocumentPermissionCommand({ Name: "Wording-Shared", PermissionType: "Share", AccountIdsToAdd: ["111122223333"] }),
  );
  ssm.destroy();
});
after(() => t?.close());

/** The rows of every `## Action` table: the action, the request, the exception and the message. */
async function rows() {
  const text = await readFile(new URL("../../docs/aws-error-wording.md", import.meta.url), "utf8");
  const found: { action: string; request: object; exception: string; message: string }[] = [];
  let action = "";
  for (const line of text.split("\n")) {
    const heading = /^## (\w+)$/.exec(line);
    if (heading) action = heading[1] ?? "";
    // Cells may be padded (a formatter aligns the table's columns).
    const row = /^\|\s*`(\{.*\})`\s*\|\s*(\w+)\s*\|\s*`(.*)`\s*\|.*\|$/.exec(line);
    if (row && action) found.push({ action, request: JSON.parse(row[1] ?? "{}"), exception: row[2] ?? "", message: row[3] ?? "" });
  }
  return found;
}

describe("AWS's recorded error wording", () => {
  it("answers every recorded request with its exception and exact message", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const all = await rows();
    assert.ok(all.length >= 39, `${all.length} rows read`);
    for (const row of all) {
      const error = await expectApiError(api.call(`AmazonSSM.${row.action}`, row.request));
      // The client's message is "<exception>: <the service's message>".
      assert.deepEqual(
        [error.exception, error.message],
        [row.exception, `${row.exception}: ${row.message}`],
        `${row.action} ${JSON.stringify(row.request)}`,
      );
    }
  });
});
