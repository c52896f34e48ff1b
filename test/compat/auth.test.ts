/** @module Authentication and authorization against a real server: SigV4 failures, session tokens, IAM policies. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Credentials } from "../../src/cli/credentials.ts";
import { newUser } from "../kit/accounts.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

interface RawResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Sends a request signed (or not) exactly as the test wants, bypassing any SDK behaviour. */
async function raw(options: {
  target?: string;
  body?: string;
  credentials?: Credentials;
  signingDate?: Date;
  service?: string;
  mutate?: (headers: Record<string, string>) => void;
}): Promise<RawResponse> {
  const url = new URL(t.endpoint);
  const body = options.body ?? "{}";
  let headers: Record<string, string> = {
    host: url.host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": options.target ?? "AmazonSSM.DescribeParameters",
  };
  if (options.credentials) {
    const signer = new SignatureV4({
      credentials: options.credentials,
      region: "us-east-1",
      service: options.service ?? "ssm",
      sha256: Hash.bind(null, "sha256"),
    });
    const signed = await signer.sign(
      new HttpRequest({ method: "POST", hostname: url.hostname, port: Number(url.port), path: "/", headers, body }),
      {
        ...(options.signingDate ? { signingDate: options.signingDate } : {}),
      },
    );
    headers = signed.headers as Record<string, string>;
  }
  options.mutate?.(headers);
  const response = await fetch(new URL("/", url), { method: "POST", headers, body: options.sendBody ?? body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe("SigV4", () => {
  it("answers a signed request with a request id and a Date header", async () => {
    const response = await raw({ credentials: t.admin });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("x-amzn-requestid") ?? "", /^[0-9a-f-]{36}$/);
    assert.ok(Date.parse(response.headers.get("date") ?? "") > 0);
  });

  it("refuses an unsigned request with MissingAuthenticationTokenException", async () => {
    const response = await raw({});
    assert.equal(response.status, 400);
    assert.equal(response.body.__type, "MissingAuthenticationTokenException");
  });

  it("refuses a wrong secret with InvalidSignatureException", async () => {
    const response = await raw({
      credentials: { accessKeyId: t.admin.accessKeyId, secretAccessKey: "wrong-secret-wrong-secret-wrong-secret00" },
    });
    assert.equal(response.body.__type, "InvalidSignatureException");
    assert.match(String(response.body.message), /signature we calculated does not match/);
  });

  it("refuses an unknown access key with UnrecognizedClientException", async () => {
    const response = await raw({ credentials: { accessKeyId: "AKIAUNKNOWNUNKNOWN12", secretAccessKey: "x" } });
    assert.equal(response.body.__type, "UnrecognizedClientException");
  });

  it("refuses a signature older than 5 minutes as expired", async () => {
    const response = await raw({ credentials: t.admin, signingDate: new Date(Date.now() - 6 * 60 * 1000) });
    assert.equal(response.body.__type, "InvalidSignatureException");
    assert.match(String(response.body.message), /Signature expired/);
  });

  it("refuses a signature more than 5 minutes in the future", async () => {
    const response = await raw({ credentials: t.admin, signingDate: new Date(Date.now() + 6 * 60 * 1000) });
    assert.equal(response.body.__type, "InvalidSignatureException");
    assert.match(String(response.body.message), /not yet current/);
  });

  it("refuses a body changed after signing", async () => {
    const response = await raw({ credentials: t.admin, body: "{}", sendBody: '{"MaxResults":5}' });
    assert.equal(response.body.__type, "InvalidSignatureException");
  });

  it("refuses a forged x-amz-content-sha256 that does not match the body", async () => {
    const claimed = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    const response = await raw({
      credentials: t.admin,
      body: "{}",
      extraHeaders: { "x-amz-content-sha256": claimed },
      sendBody: '{"MaxResults":5}',
    });
    assert.equal(response.body.__type, "InvalidSignatureException");
  });

  it("refuses a signature scoped to another service", async () => {
    const response = await raw({ credentials: t.admin, service: "s3" });
    assert.equal(response.body.__type, "InvalidSignatureException");
  });

  it("refuses a header that was signed and then changed", async () => {
    const response = await raw({
      credentials: t.admin,
      mutate: (h) => {
        h["x-amz-target"] = "AmazonSSM.GetParameters";
      },
    });
    assert.equal(response.body.__type, "InvalidSignatureException");
  });

  it("refuses a malformed Authorization header with IncompleteSignatureException", async () => {
    const response = await raw({
      mutate: (h) => {
        h.authorization = "AWS4-HMAC-SHA256 Credential=AKIA/2020";
      },
    });
    assert.equal(response.body.__type, "IncompleteSignatureException");
  });
});

describe("protocol errors", () => {
  it("answers an unknown action with UnknownOperationException", async () => {
    const response = await raw({ credentials: t.admin, target: "AmazonSSM.FlyToTheMoon" });
    assert.equal(response.body.__type, "UnknownOperationException");
  });

  it("answers malformed JSON with SerializationException", async () => {
    const response = await raw({ credentials: t.admin, body: "{not json" });
    assert.equal(response.body.__type, "SerializationException");
  });

  it("uses the model's message key: lowercase for ParameterNotFound, capitalized for InvalidNextToken", async () => {
    const notFound = await raw({ credentials: t.admin, target: "AmazonSSM.GetParameter", body: '{"Name":"/absent"}' });
    assert.equal(notFound.body.__type, "ParameterNotFound");
    assert.equal(typeof notFound.body.message, "string");
    const badToken = await raw({ credentials: t.admin, target: "AmazonSSM.DescribeParameters", body: '{"NextToken":"xyz"}' });
    assert.equal(badToken.body.__type, "InvalidNextToken");
    assert.equal(typeof badToken.body.Message, "string");
  });
});

describe("session tokens", () => {
  it("issues temporary credentials that work only with their token, and not after they expire", async () => {
    const { Credentials: temp } = await apiClient(t.endpoint, t.admin).call<{
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: number };
    }>("Bosun.GetSessionToken", { DurationSeconds: 900 });
    assert.match(temp.AccessKeyId, /^ASIA/);
    const good = t.ssm({ accessKeyId: temp.AccessKeyId, secretAccessKey: temp.SecretAccessKey, sessionToken: temp.SessionToken });
    await good.send(new PutParameterCommand({ Name: "/temp/ok", Value: "x", Type: "String" }));
    const noToken = t.ssm({ accessKeyId: temp.AccessKeyId, secretAccessKey: temp.SecretAccessKey });
    await assert.rejects(noToken.send(new GetParameterCommand({ Name: "/temp/ok" })), { name: "UnrecognizedClientException" });
    const wrongToken = t.ssm({
      accessKeyId: temp.AccessKeyId,
      secretAccessKey: temp.SecretAccessKey,
      sessionToken: `${temp.SessionToken}x`,
    });
    await assert.rejects(wrongToken.send(new GetParameterCommand({ Name: "/temp/ok" })), { name: "UnrecognizedClientException" });
    const nested = await expectApiError(
      apiClient(t.endpoint, { accessKeyId: temp.AccessKeyId, secretAccessKey: temp.SecretAccessKey, sessionToken: temp.SessionToken }).call(
        "Bosun.GetSessionToken",
        {},
      ),
    );
    assert.equal(nested.exception, "AccessDeniedException");
  });

  it("answers ExpiredTokenException once a session key has expired", async () => {
    // Expiry is checked against the server clock; make a key that is already past it through the store.
    const { Credentials: temp } = await apiClient(t.endpoint, t.admin).call<{
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    }>("Bosun.GetSessionToken", { DurationSeconds: 900 });
    const db = t.server.services.database.db.withTables<{ access_keys: { access_key_id: string; expires_at: number } }>();
    await db
      .updateTable("access_keys")
      .set({ expires_at: Date.now() - 1000 })
      .where("access_key_id", "=", temp.AccessKeyId)
      .execute();
    const expired = t.ssm({ accessKeyId: temp.AccessKeyId, secretAccessKey: temp.SecretAccessKey, sessionToken: temp.SessionToken });
    await assert.rejects(expired.send(new GetParameterCommand({ Name: "/temp/ok" })), { name: "ExpiredTokenException" });
  });
});

describe("IAM policies", () => {
  it("allows only what a policy allows, with Action and Resource wildcards", async () => {
    await t.ssm().send(new PutParameterCommand({ Name: "/iam/app/db", Value: "x", Type: "String" }));
    await t.ssm().send(new PutParameterCommand({ Name: "/iam/other", Value: "x", Type: "String" }));
    const reader = await newUser(t, "reader", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ssm:GetParameter*", Resource: `arn:aws:ssm:us-east-1:${t.accountId}:parameter/iam/app/*` }],
    });
    const ssm = t.ssm(reader);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/iam/app/db" }))).Parameter?.Value, "x");
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/iam/other" })), (error: Error & { message: string }) => {
      assert.equal(error.name, "AccessDeniedException");
      assert.match(error.message, /user\/reader is not authorized to perform: ssm:GetParameter/);
      return true;
    });
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: "/iam/app/new", Value: "x", Type: "String" })), {
      name: "AccessDeniedException",
    });
  });

  it("lets an explicit Deny beat an Allow", async () => {
    const user = await newUser(t, "denied", {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ssm:*", Resource: "*" },
        { Effect: "Deny", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:*:*:parameter/iam/app/*` },
      ],
    });
    const ssm = t.ssm(user);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/iam/app/db" })), (error: Error) => {
      assert.equal(error.name, "AccessDeniedException");
      assert.match(error.message, /explicit deny/);
      return true;
    });
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/iam/other" }))).Parameter?.Value, "x");
  });

  it("keeps Bosun's identity actions from users without permission and from other accounts", async () => {
    const plain = await newUser(t, "plain", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:*", Resource: "*" }] });
    const denied = await expectApiError(apiClient(t.endpoint, plain).call("Bosun.CreateUser", { UserName: "sneaky" }));
    assert.equal(denied.exception, "AccessDeniedException");
    const notOperator = await expectApiError(apiClient(t.endpoint, plain).call("Bosun.CreateAccount", { AccountName: "x" }));
    assert.equal(notOperator.exception, "AccessDeniedException");
  });

  it("rejects a malformed policy document", async () => {
    const error = await expectApiError(
      apiClient(t.endpoint, t.admin).call("Bosun.CreateUser", {
        UserName: "badpolicy",
        PolicyDocument: '{"Statement":[{"Effect":"Maybe"}]}',
      }),
    );
    assert.equal(error.exception, "ValidationException");
  });

  it("applies a changed policy at once, though keys are cached", async () => {
    await t.ssm().send(new PutParameterCommand({ Name: "/iam/changing", Value: "x", Type: "String" }));
    const operator = apiClient(t.endpoint, t.admin);
    const user = await newUser(t, "changing", { Statement: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" }] });
    assert.equal((await t.ssm(user).send(new GetParameterCommand({ Name: "/iam/changing" }))).Parameter?.Value, "x");
    await operator.call("Bosun.PutUserPolicy", {
      UserName: "changing",
      PolicyName: "deny-now",
      PolicyDocument: JSON.stringify({ Statement: [{ Effect: "Deny", Action: "ssm:*", Resource: "*" }] }),
    });
    await assert.rejects(t.ssm(user).send(new GetParameterCommand({ Name: "/iam/changing" })), { name: "AccessDeniedException" });
  });

  it("revokes a deleted access key at once", async () => {
    const operator = apiClient(t.endpoint, t.admin);
    await operator.call("Bosun.CreateUser", {
      UserName: "rotating",
      PolicyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
    });
    const { AccessKey } = await operator.call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>("Bosun.CreateAccessKey", {
      UserName: "rotating",
    });
    const key = { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
    await t.ssm(key).send(new PutParameterCommand({ Name: "/rot/x", Value: "x", Type: "String" }));
    await operator.call("Bosun.DeleteAccessKey", { UserName: "rotating", AccessKeyId: AccessKey.AccessKeyId });
    await assert.rejects(t.ssm(key).send(new GetParameterCommand({ Name: "/rot/x" })), { name: "UnrecognizedClientException" });
  });
});
