/**
 * KMS data keys (GenerateDataKey, Decrypt) through the real AWS CLI and Bosun's signed client: a key made for one
 * encryption context opens only with that context, in its own account, under the key that made it; bad input gets
 * KMS's errors. Session Manager's session-data encryption stands on these two actions.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { newAccount } from "../kit/accounts.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { awsCli, awsCliMissing } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const skip = awsCliMissing() ?? false;
let t: TestServer;
let home: string;

before(async () => {
  t = await startTestServer();
  home = await mkdtemp(join(tmpdir(), "bosun-kms-"));
});

after(async () => {
  await t?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** `aws kms <args>` with the admin's keys; the parsed JSON answer. */
const kms = (...args: string[]) => awsCli(t, home, t.admin, "kms", ...args);

const context = { "aws:ssm:SessionId": "admin-0123456789abcdef0", "aws:ssm:TargetId": "mi-0123456789abcdef0" };
const contextArg = Object.entries(context)
  .map(([k, v]) => `${k}=${v}`)
  .join(",");

describe("KMS data keys", () => {
  it("makes a data key through the AWS CLI and gives it back for the same context only", { skip }, async () => {
    const made = (await kms(
      "generate-data-key",
      "--key-id",
      "alias/aws/ssm",
      "--number-of-bytes",
      "64",
      "--encryption-context",
      contextArg,
    )) as { KeyId: string; CiphertextBlob: string; Plaintext: string };
    assert.equal(made.KeyId, `arn:aws:kms:us-east-1:${t.accountId}:alias/aws/ssm`);
    assert.equal(Buffer.from(made.Plaintext, "base64").length, 64);
    const blobFile = join(home, "blob");
    await writeFile(blobFile, Buffer.from(made.CiphertextBlob, "base64"));
    const opened = (await kms("decrypt", "--ciphertext-blob", `fileb://${blobFile}`, "--encryption-context", contextArg)) as {
      KeyId: string;
      Plaintext: string;
    };
    assert.equal(opened.Plaintext, made.Plaintext);
    assert.equal(opened.KeyId, made.KeyId);
    await assert.rejects(
      awsCli(
        t,
        home,
        t.admin,
        "kms",
        "decrypt",
        "--ciphertext-blob",
        `fileb://${blobFile}`,
        "--encryption-context",
        "aws:ssm:SessionId=other",
      ),
      /InvalidCiphertextException/,
    );
  });

  it("opens a blob only in the account that made it, and only under the key that made it", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const made = await api.call<{ CiphertextBlob: string; Plaintext: string }>("TrentService.GenerateDataKey", {
      KeyId: "alias/sessions",
      KeySpec: "AES_256",
      EncryptionContext: context,
    });
    assert.equal(Buffer.from(made.Plaintext, "base64").length, 32);
    // Context pairs in another order are the same context.
    const reversed = Object.fromEntries(Object.entries(context).reverse());
    const opened = await api.call<{ Plaintext: string }>("TrentService.Decrypt", {
      CiphertextBlob: made.CiphertextBlob,
      EncryptionContext: reversed,
    });
    assert.equal(opened.Plaintext, made.Plaintext);
    const otherKey = await expectApiError(
      api.call("TrentService.Decrypt", { CiphertextBlob: made.CiphertextBlob, EncryptionContext: context, KeyId: "alias/other" }),
    );
    assert.equal(otherKey.exception, "InvalidCiphertextException");

    const other = await newAccount(t, "kms-other");
    const theirs = apiClient(t.endpoint, other.admin);
    const stolen = await expectApiError(
      theirs.call("TrentService.Decrypt", { CiphertextBlob: made.CiphertextBlob, EncryptionContext: context }),
    );
    assert.equal(stolen.exception, "InvalidCiphertextException");
    assert.doesNotMatch(stolen.message, new RegExp(made.Plaintext.replace(/[+/=]/g, ".")));
  });

  it("answers bad input with KMS's errors", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const cases: [string, Record<string, unknown>, string, string?][] = [
      ["GenerateDataKey", { KeyId: "alias/x" }, "ValidationException", "either number of bytes or key spec"],
      ["GenerateDataKey", { KeyId: "alias/x", NumberOfBytes: 32, KeySpec: "AES_256" }, "ValidationException", "either number of bytes"],
      ["GenerateDataKey", { KeyId: "alias/x", NumberOfBytes: 1025 }, "ValidationException", "'numberOfBytes'"],
      ["GenerateDataKey", { KeyId: "alias/x", NumberOfBytes: 0 }, "ValidationException", "'numberOfBytes'"],
      ["GenerateDataKey", { KeyId: "alias/x", KeySpec: "RSA_2048" }, "ValidationException", "'keySpec'"],
      ["GenerateDataKey", { KeyId: "", NumberOfBytes: 32 }, "ValidationException", "'keyId'"],
      ["GenerateDataKey", { KeyId: "not a key", NumberOfBytes: 32 }, "NotFoundException"],
      ["GenerateDataKey", { KeyId: "arn:aws:kms:us-east-1:999999999999:alias/theirs", NumberOfBytes: 32 }, "NotFoundException"],
      ["GenerateDataKey", { KeyId: `arn:aws:kms:eu-west-1:${t.accountId}:alias/x`, NumberOfBytes: 32 }, "NotFoundException"],
      ["GenerateDataKey", { NumberOfBytes: 32 }, "ValidationException", "'keyId'"],
      ["GenerateDataKey", { KeyId: "alias/x", NumberOfBytes: "32" }, "SerializationException"],
      ["Decrypt", {}, "ValidationException", "'ciphertextBlob'"],
      ["Decrypt", { CiphertextBlob: "not base64!" }, "ValidationException", "'ciphertextBlob'"],
      ["Decrypt", { CiphertextBlob: Buffer.from("garbage").toString("base64") }, "InvalidCiphertextException"],
      ["Decrypt", { CiphertextBlob: "AQ==" }, "InvalidCiphertextException"],
    ];
    for (const [action, input, exception, mentions] of cases) {
      const error = await expectApiError(api.call(`TrentService.${action}`, input));
      assert.equal(error.exception, exception, `${action} ${JSON.stringify(input)}: ${error.message}`);
      if (mentions) assert.ok(error.message.includes(mentions), `${action}: ${error.message}`);
    }
  });
});
