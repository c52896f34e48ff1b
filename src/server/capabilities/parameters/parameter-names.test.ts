import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { createName, readName, readPath, splitSelector } from "./parameter-names.ts";

const scope = { accountId: "111122223333", region: "us-east-1" };
const exceptionOf = (raw: string): string => {
  try {
    createName(raw, scope);
    return "none";
  } catch (error) {
    return error instanceof ServiceError ? error.exception : "crash";
  }
};

describe("parameter names", () => {
  it("stores /A and A under the same key, with the parent path", () => {
    assert.deepEqual(readName("/A"), { name: "/A", key: "A", parent: "/" });
    assert.deepEqual(readName("A"), { name: "A", key: "A", parent: "/" });
    assert.deepEqual(readName("/a/b/c"), { name: "/a/b/c", key: "a/b/c", parent: "/a/b" });
  });

  it("refuses reserved prefixes, bad characters, relative paths and empty levels", () => {
    for (const bad of ["awsome", "/SSM/x", "/ssm", "/a b", "a/b", "/a//b", "/a/", "/a*b", "/"])
      assert.equal(exceptionOf(bad), "ValidationException", bad);
    // A path under /aws is AWS's own namespace: denied, not malformed (as SSM answers).
    assert.equal(exceptionOf("/aws/x"), "AccessDeniedException");
    assert.equal(exceptionOf("/AWS/x/y"), "AccessDeniedException");
    assert.equal(exceptionOf(`/${"x/".repeat(15)}y`), "HierarchyLevelLimitExceededException");
    assert.equal(exceptionOf(`/${"x".repeat(1000)}`), "ValidationException", "name plus ARN prefix over 1011 characters");
    assert.equal(exceptionOf("/my-app_1.0/key"), "none");
  });

  it("splits version and label selectors", () => {
    assert.deepEqual(splitSelector("/a:12"), { name: "/a", selector: { kind: "version", version: 12, text: ":12" } });
    assert.deepEqual(splitSelector("/a:prod"), { name: "/a", selector: { kind: "label", label: "prod", text: ":prod" } });
    assert.deepEqual(splitSelector("/a"), { name: "/a", selector: { kind: "latest" } });
    assert.equal(splitSelector("/a:"), undefined);
    assert.equal(splitSelector("/a:b:c"), undefined);
  });

  it("reads paths with or without a trailing slash", () => {
    assert.equal(readPath("/a/b/"), "/a/b");
    assert.equal(readPath("/"), "/");
    assert.equal(readPath("a/b"), undefined);
  });
});
