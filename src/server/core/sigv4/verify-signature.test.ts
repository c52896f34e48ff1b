import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { parseAmzDate, verifySignature } from "./verify-signature.ts";

const keys = { accessKeyId: "AKIAEXAMPLE000000001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const lookup = async (id: string) => (id === keys.accessKeyId ? { secretAccessKey: keys.secretAccessKey, principal: "alice" } : undefined);

interface Shape {
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  service?: string;
}

/** Signs with smithy's complete signer, as every AWS SDK does, and turns it into what the server receives. */
async function signed(shape: Shape, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = keys) {
  const service = shape.service ?? "ssm";
  const signer = new SignatureV4({ credentials, region: "eu-west-1", service, sha256: Hash.bind(null, "sha256") });
  const body = shape.body ?? "{}";
  const request = await signer.sign(
    new HttpRequest({
      method: "POST",
      hostname: "bosun.test",
      path: shape.path ?? "/",
      query: shape.query ?? {},
      headers: { host: "bosun.test", ...shape.headers },
      body,
    }),
  );
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(shape.query ?? {}))
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  const search = query.toString();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return { method: "POST", url: `${shape.path ?? "/"}${search ? `?${search}` : ""}`, headers, body: Buffer.from(body) };
}

const exceptionOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return "none";
  } catch (error) {
    return error instanceof ServiceError ? error.exception : "crash";
  }
};

describe("verifySignature agrees with smithy's signer", () => {
  const shapes: [string, Shape][] = [
    ["a plain JSON 1.1 request", { headers: { "x-amz-target": "AmazonSSM.GetParameter", "content-type": "application/x-amz-json-1.1" } }],
    ["header values with runs of spaces and tabs", { headers: { "x-amz-meta-note": "  a   b\t\tc  ", "x-amz-target": "AmazonSSM.X" } }],
    ["a query string with repeated and escaped names", { query: { b: ["2", "1"], a: "x y/z", "c~": "é" } }],
    ["a path with escapable characters", { path: "/a b/c%d/ü" }],
    ["a Unicode body", { body: JSON.stringify({ Name: "/ünïcode", Value: "日本語 ✓" }) }],
    ["an empty body", { body: "" }],
    ["another service", { service: "organizations", headers: { "x-amz-target": "AWSOrganizationsV20161128.ListAccounts" } }],
  ];
  for (const [description, shape] of shapes) {
    it(`accepts ${description}`, async () => {
      const request = await signed(shape);
      const verified = await verifySignature(request, shape.service ?? "ssm", lookup);
      assert.equal(verified.principal, "alice");
      assert.equal(verified.region, "eu-west-1");
    });
  }

  it("accepts a session token the request signed", async () => {
    const token = "FwoGZXIvYXdzEJr//////////session";
    const request = await signed({}, { ...keys, sessionToken: token });
    const temporary = async () => ({
      secretAccessKey: keys.secretAccessKey,
      principal: "alice",
      sessionTokenSha256: createHash("sha256").update(token).digest("hex"),
      expiresAt: Date.now() + 60_000,
    });
    assert.equal((await verifySignature(request, "ssm", temporary)).principal, "alice");
  });

  it("refuses any change to a signed part: body, header, path, query", async () => {
    const base = await signed({ query: { a: "1" }, headers: { "x-amz-target": "AmazonSSM.GetParameter" } });
    assert.equal(await exceptionOf(verifySignature({ ...base, body: Buffer.from('{"x":1}') }, "ssm", lookup)), "InvalidSignatureException");
    assert.equal(
      await exceptionOf(
        verifySignature({ ...base, headers: { ...base.headers, "x-amz-target": "AmazonSSM.PutParameter" } }, "ssm", lookup),
      ),
      "InvalidSignatureException",
    );
    assert.equal(await exceptionOf(verifySignature({ ...base, url: "/other?a=1" }, "ssm", lookup)), "InvalidSignatureException");
    assert.equal(await exceptionOf(verifySignature({ ...base, url: "/?a=2" }, "ssm", lookup)), "InvalidSignatureException");
    assert.equal(await exceptionOf(verifySignature(base, "ssm", lookup)), "none");
  });

  it("refuses a signed header that is missing from the request", async () => {
    const base = await signed({ headers: { "x-amz-target": "AmazonSSM.GetParameter" } });
    const { "x-amz-target": _dropped, ...headers } = base.headers;
    assert.equal(await exceptionOf(verifySignature({ ...base, headers }, "ssm", lookup)), "InvalidSignatureException");
  });

  it("refuses an X-Amz-Target or Host the signature does not cover: a captured request cannot be replayed as another action", async () => {
    // Signed with no target at all, then sent with one: the signature still matches the headers it names.
    const bare = await signed({});
    const retargeted = { ...bare, headers: { ...bare.headers, "x-amz-target": "AmazonSSM.DeleteParameter" } };
    assert.equal(await exceptionOf(verifySignature(retargeted, "ssm", lookup)), "IncompleteSignatureException");
    const withoutHost = bare.headers.authorization?.replace("host;", "") ?? "";
    const unsignedHost = { ...bare, headers: { ...bare.headers, authorization: withoutHost } };
    assert.equal(await exceptionOf(verifySignature(unsignedHost, "ssm", lookup)), "IncompleteSignatureException");
  });

  it("refuses requests without X-Amz-Date or with a malformed one", async () => {
    const base = await signed({});
    const { "x-amz-date": _date, ...headers } = base.headers;
    assert.equal(await exceptionOf(verifySignature({ ...base, headers }, "ssm", lookup)), "IncompleteSignatureException");
    assert.equal(parseAmzDate("2024-01-01T00:00:00Z"), undefined);
    assert.equal(parseAmzDate("20241301T000000Z"), undefined);
    assert.equal(parseAmzDate("20240102T030405Z")?.toISOString(), "2024-01-02T03:04:05.000Z");
  });

  it("measures the 5-minute window against the server's clock", async () => {
    const request = await signed({});
    const signedAt = parseAmzDate(request.headers["x-amz-date"] ?? "")?.getTime() ?? 0;
    assert.equal(await exceptionOf(verifySignature(request, "ssm", lookup, signedAt + 299_000)), "none");
    assert.equal(await exceptionOf(verifySignature(request, "ssm", lookup, signedAt + 301_000)), "InvalidSignatureException");
    assert.equal(await exceptionOf(verifySignature(request, "ssm", lookup, signedAt - 301_000)), "InvalidSignatureException");
  });
});
