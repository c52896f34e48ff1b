import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readErrorBody } from "./error-body.ts";

describe("reading an AWS JSON error", () => {
  it("reads the message under either spelling, and the exception with or without a namespace", () => {
    assert.deepEqual(readErrorBody(400, { __type: "AccessDeniedException", Message: "no" }), {
      exception: "AccessDeniedException",
      message: "no",
    });
    assert.deepEqual(readErrorBody(400, { __type: "InvalidFilter", message: "bad key" }), {
      exception: "InvalidFilter",
      message: "bad key",
    });
    assert.deepEqual(readErrorBody(400, { __type: "com.amazonaws.ssm#ParameterNotFound" }), {
      exception: "ParameterNotFound",
      message: "",
    });
  });

  it("falls back to the error-type header, then to the status", () => {
    assert.equal(readErrorBody(400, {}, "ThrottlingException:http://internal.amazon.com/").exception, "ThrottlingException");
    assert.deepEqual(readErrorBody(502, "<html>bad gateway</html>"), { exception: "HTTP 502", message: "" });
    assert.deepEqual(readErrorBody(500, null), { exception: "HTTP 500", message: "" });
  });
});
