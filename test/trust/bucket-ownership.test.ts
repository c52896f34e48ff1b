/**
 * @module A bucket belongs to the account that first writes to it: another account cannot point command output, an
 * association's output or a resource data sync at it unless the bucket's policy lets it, and prefixes and step names
 * cannot leave their folder. A sync that cannot write says why without the server's paths.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateActivationCommand,
  CreateAssociationCommand,
  CreateDocumentCommand,
  CreateResourceDataSyncCommand,
  ListResourceDataSyncCommand,
  SendCommandCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { outcome } from "../kit/outcome.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let home: string;
let a: { id: string; ssm: SSMClient; api: ApiClient };
let b: { id: string; ssm: SSMClient; api: ApiClient };

before(async () => {
  t = await startTestServer({ sweepIntervalMs: 250 });
  home = await mkdtemp(join(tmpdir(), "bosun-buckets-"));
  const accountA = await newAccount(t, "owner");
  const accountB = await newAccount(t, "neighbour");
  a = { id: accountA.accountId, ssm: t.ssm(accountA.admin), api: apiClient(t.endpoint, accountA.admin) };
  b = { id: accountB.accountId, ssm: t.ssm(accountB.admin), api: apiClient(t.endpoint, accountB.admin) };
});
after(async () => {
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

const nowhere = [{ Key: "tag:none", Values: ["none"] }];
const send = (who: { ssm: SSMClient }, OutputS3BucketName: string, OutputS3KeyPrefix?: string) =>
  who.ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      Targets: nowhere,
      Parameters: { commands: ["id"] },
      OutputS3BucketName,
      ...(OutputS3KeyPrefix ? { OutputS3KeyPrefix } : {}),
    }),
  );

describe("bucket ownership", () => {
  it("refuses another account's command output, association output and sync in a bucket, as S3 would", async () => {
    assert.equal(await outcome(send(a, "owned-by-a")), "none", "the first writer owns the bucket");
    assert.equal(await outcome(send(b, "owned-by-a")), "InvalidOutputFolder");
    assert.equal(
      await outcome(
        b.ssm.send(
          new CreateAssociationCommand({
            Name: "AWS-RunShellScript",
            Targets: nowhere,
            Parameters: { commands: ["id"] },
            OutputLocation: { S3Location: { OutputS3BucketName: "owned-by-a" } },
          }),
        ),
      ),
      "InvalidOutputLocation",
    );
    assert.equal(
      await outcome(
        b.ssm.send(
          new CreateResourceDataSyncCommand({
            SyncName: "steal",
            S3Destination: { BucketName: "owned-by-a", SyncFormat: "JsonSerDe", Region: "us-east-1", Prefix: "x" },
          }),
        ),
      ),
      "ResourceDataSyncInvalidConfigurationException",
    );
    assert.equal(await outcome(send(a, "owned-by-a", "more")), "none", "the owner still writes");
  });

  it("lets the owner grant an account with a bucket policy, and take it back", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${b.id}:root`] }, Action: "s3:PutObject" }],
    };
    assert.equal(
      (await expectApiError(b.api.call("Bosun.PutBucketPolicy", { Bucket: "owned-by-a", Policy: JSON.stringify(policy) }))).exception,
      "AccessDeniedException",
    );
    assert.equal((await expectApiError(b.api.call("Bosun.GetBucketPolicy", { Bucket: "owned-by-a" }))).exception, "AccessDeniedException");
    await a.api.call("Bosun.PutBucketPolicy", { Bucket: "owned-by-a", Policy: JSON.stringify(policy) });
    assert.deepEqual(JSON.parse((await a.api.call<{ Policy: string }>("Bosun.GetBucketPolicy", { Bucket: "owned-by-a" })).Policy), policy);
    assert.equal(await outcome(send(b, "owned-by-a")), "none", "the policy lets b write");
    await a.api.call("Bosun.DeleteBucketPolicy", { Bucket: "owned-by-a" });
    assert.equal(await outcome(send(b, "owned-by-a")), "InvalidOutputFolder");
    for (const bad of ["not json", "{}", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "bob" }, Action: "s3:*" }] })])
      assert.equal(
        (await expectApiError(a.api.call("Bosun.PutBucketPolicy", { Bucket: "owned-by-a", Policy: bad }))).exception,
        "ValidationException",
      );
  });

  it("refuses prefixes and step names that would leave their folder, when they are created", async () => {
    for (const Prefix of ["../up", "/absolute", "a//b", ".", "a/../b"])
      assert.equal(
        await outcome(
          a.ssm.send(
            new CreateResourceDataSyncCommand({
              SyncName: "bad-prefix",
              S3Destination: { BucketName: "a-lake", SyncFormat: "JsonSerDe", Region: "us-east-1", Prefix },
            }),
          ),
        ),
        "ResourceDataSyncInvalidConfigurationException",
        Prefix,
      );
    for (const prefix of ["../up", "/absolute", "a//b"])
      assert.equal(await outcome(send(a, "owned-by-a", prefix)), "InvalidOutputFolder", prefix);
    const content = JSON.stringify({
      schemaVersion: "2.2",
      description: "escapes",
      mainSteps: [{ name: "..", action: "aws:runShellScript", inputs: { runCommand: ["id"] } }],
    });
    assert.equal(
      await outcome(a.ssm.send(new CreateDocumentCommand({ Name: "Escapes", DocumentType: "Command", Content: content }))),
      "InvalidDocumentContent",
    );
  });

  it("records a sync that cannot write as Failed, with a reason that names no server path", async () => {
    const activation = await a.ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
    await registerAgentProcess(t.endpoint, join(home, "node"), activation);
    await mkdir(join(t.dataDir, "buckets", "a-lake"), { recursive: true });
    await writeFile(join(t.dataDir, "buckets", "a-lake", "trap"), "a file where the prefix's folder should be");
    await a.ssm.send(
      new CreateResourceDataSyncCommand({
        SyncName: "trapped",
        S3Destination: { BucketName: "a-lake", SyncFormat: "JsonSerDe", Region: "us-east-1", Prefix: "trap" },
      }),
    );
    let message = "";
    await waitFor(async () => {
      const item = (await a.ssm.send(new ListResourceDataSyncCommand({}))).ResourceDataSyncItems?.find((i) => i.SyncName === "trapped");
      message = item?.LastSyncStatusMessage ?? "";
      return item?.LastStatus === "Failed";
    }, 20_000);
    assert.match(message, /could not be written \(E[A-Z]+\)/);
    assert.ok(!message.includes(t.dataDir), message);
  });
});
