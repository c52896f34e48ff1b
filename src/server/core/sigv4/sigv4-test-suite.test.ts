/**
 * @module AWS's published SigV4 test suite (aws-sig-v4-test-suite: get-vanilla, post-vanilla, get-vanilla-query-order-key-case,
 * post-x-www-form-urlencoded), with its example credentials and signatures: the server accepts each request as
 * published, and refuses it mutated, expired, or signed for another service.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { type IncomingSignedRequest, verifySignature } from "./verify-signature.ts";

const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const lookup = async (id: string) => (id === "AKIDEXAMPLE" ? { secretAccessKey: secret, principal: "example" } : undefined);
const signedAt = Date.parse("2015-08-30T12:36:00Z");

function vector(method: string, url: string, signature: string, extra: { body?: string; headers?: Record<string, string> } = {}) {
  const signedHeaders = ["content-type", "host", "x-amz-date"].filter((h) => h !== "content-type" || extra.headers?.["content-type"]);
  const request: IncomingSignedRequest = {
    method,
    url,
    headers: {
      host: "example.amazonaws.com",
      "x-amz-date": "20150830T123600Z",
      ...extra.headers,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`,
    },
    body: Buffer.from(extra.body ?? ""),
  };
  return request;
}

const suite: [string, IncomingSignedRequest][] = [
  ["get-vanilla", vector("GET", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")],
  ["post-vanilla", vector("POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")],
  [
    "get-vanilla-query-order-key-case",
    vector("GET", "/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
  ],
  [
    "post-x-www-form-urlencoded",
    vector("POST", "/", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", {
      body: "Param1=value1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
  ],
];

const exceptionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "none",
    (error: unknown) => (error instanceof ServiceError ? error.exception : "crash"),
  );

describe("AWS's SigV4 test suite", () => {
  for (const [name, request] of suite) {
    it(`accepts ${name} as published`, async () => {
      assert.equal((await verifySignature(request, "service", lookup, signedAt)).principal, "example");
    });

    it(`refuses ${name} mutated, expired, or for another service`, async () => {
      const mutated = { ...request, headers: { ...request.headers, "x-amz-date": "20150830T123601Z" } };
      assert.equal(await exceptionOf(verifySignature(mutated, "service", lookup, signedAt)), "InvalidSignatureException");
      const body = { ...request, body: Buffer.from(`${request.body.toString()}x`) };
      assert.equal(await exceptionOf(verifySignature(body, "service", lookup, signedAt)), "InvalidSignatureException");
      assert.equal(await exceptionOf(verifySignature(request, "service", lookup, signedAt + 6 * 60_000)), "InvalidSignatureException");
      assert.equal(await exceptionOf(verifySignature(request, "ssm", lookup, signedAt)), "InvalidSignatureException");
    });
  }
});
