/**
 * @module Command output to a bucket on an S3 endpoint (s3rver, a real S3 HTTP server on loopback), while a bucket
 * not configured as S3 stays a folder under the data folder.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ListCommandInvocationsCommand, SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { type Fleet, invocationReaches, startFleet } from "../kit/fleet.ts";
import { s3Credentials, startS3, type TestS3 } from "../kit/s3.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let s3: TestS3;
let endpoint: string;
let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;
const credentials = s3Credentials;

before(async () => {
  s3 = await startS3(["fleet-output"]);
  endpoint = s3.endpoint;
  t = await startTestServer({ heartbeatIntervalMs: 500, s3: s3.serverOption });
  ssm = t.ssm();
  fleet = await startFleet(t, ssm, { node: {} });
});
after(async () => {
  await fleet?.stop();
  await t?.close();
  await s3?.close();
});

it("streams a step's whole output to the S3 bucket, and the URL names the object", async () => {
  const node = fleet.node("node");
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      InstanceIds: [node.id],
      Parameters: { commands: ["seq 1 200000", "echo oops >&2"] },
      OutputS3BucketName: "fleet-output",
      OutputS3KeyPrefix: "nightly",
    }),
  );
  const id = sent.Command?.CommandId ?? "";
  const result = await invocationReaches(ssm, id, node.id, ["Success"], 30_000);
  const key = `nightly/${id}/${node.id}/awsrunShellScript/runShellScript/stdout`;
  assert.equal(result.StandardOutputUrl, `${endpoint}/fleet-output/${key}`);
  const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: "fleet-output", Key: key }));
    const body = await object.Body?.transformToString();
    const lines = body?.trim().split("\n") ?? [];
    assert.equal(lines.length, 200_000);
    assert.equal(lines[199_999], "200000");
    const stderr = await s3.send(new GetObjectCommand({ Bucket: "fleet-output", Key: key.replace(/stdout$/, "stderr") }));
    assert.equal(await stderr.Body?.transformToString(), "oops\n");
  } finally {
    s3.destroy();
  }
  assert.ok(!existsSync(join(t.dataDir, "buckets", "fleet-output")), "an S3 bucket is not also a folder");
});

it("keeps a bucket that is not configured as S3 in the data folder", async () => {
  const node = fleet.node("node");
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      InstanceIds: [node.id],
      Parameters: { commands: ["echo local"] },
      OutputS3BucketName: "local-output",
    }),
  );
  const result = await invocationReaches(ssm, sent.Command?.CommandId ?? "", node.id, ["Success"]);
  assert.match(result.StandardOutputUrl ?? "", /^file:\/\/.*\/buckets\/local-output\//);
});

it("records a result whose output cannot be stored as Failed with the reason, and the agent stops sending it", async () => {
  const node = fleet.node("node");
  // A file where the output's folder should be: storing the output fails (ENOTDIR) whatever the command id is.
  await mkdir(join(t.dataDir, "buckets", "planted"), { recursive: true });
  await writeFile(join(t.dataDir, "buckets", "planted", "trap"), "not a folder");
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      InstanceIds: [node.id],
      Parameters: { commands: ["echo stored-nowhere"] },
      OutputS3BucketName: "planted",
      OutputS3KeyPrefix: "trap",
    }),
  );
  const id = sent.Command?.CommandId ?? "";
  const result = await invocationReaches(ssm, id, node.id, ["Failed"]);
  assert.equal(result.StandardOutputContent, "stored-nowhere\n");
  assert.match(result.StandardErrorContent ?? "", /could not store this output in the bucket planted \(E[A-Z]+\)/);
  assert.ok(!(result.StandardErrorContent ?? "").includes(t.dataDir), "the reason shows no server path");
  const listed = await ssm.send(new ListCommandInvocationsCommand({ CommandId: id, Details: true }));
  assert.equal(listed.CommandInvocations?.[0]?.Status, "Failed");
  assert.doesNotMatch(t.logText(), /agent message failed/, "the result was acknowledged, not refused");
});
