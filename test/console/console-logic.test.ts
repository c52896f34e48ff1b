/**
 * @module The console's logic that needs no browser: locations (names with slashes survive a round trip), Parameter
 * Store's hierarchy one level at a time, and a document's parameter values on their way to SendCommand.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crumbs, level } from "../../src/console/pages/parameters/hierarchy.ts";
import { defaultValues, toSendParameters } from "../../src/console/pages/run-command/parameter-values.ts";
import { href, parseRoute } from "../../src/console/route.ts";

describe("console locations", () => {
  it("reads a page, an id with slashes and repeated parameters", () => {
    const route = parseRoute(`${href("parameters", "/app/db/password")}`);
    assert.equal(route.page, "parameters");
    assert.equal(route.id, "/app/db/password");
    const nodes = parseRoute("#/nodes?filter=PingStatus%3DOnline&filter=tag%3Aenv%3Dprod");
    assert.equal(nodes.id, undefined);
    assert.deepEqual(nodes.params.getAll("filter"), ["PingStatus=Online", "tag:env=prod"]);
    assert.equal(parseRoute("").page, "home");
    assert.equal(parseRoute("#/").page, "home");
  });
});

describe("Parameter Store hierarchy", () => {
  const parameters = [
    { Name: "/app/db/password", Type: "SecureString", Version: 2 },
    { Name: "/app/db/user", Type: "String", Version: 1 },
    { Name: "/app/url", Type: "String", Version: 1 },
    { Name: "/apps/x", Type: "String", Version: 1 },
    { Name: "plain", Type: "StringList", Version: 3 },
  ] as const;

  it("shows folders first, then the parameters at that level", () => {
    assert.deepEqual(
      level(parameters, "/").map((i) => [i.Name, i.Kind, i.Type]),
      [
        ["/app", "folder", "Folder (3)"],
        ["/apps", "folder", "Folder (1)"],
        ["plain", "parameter", "StringList"],
      ],
    );
    assert.deepEqual(
      level(parameters, "/app").map((i) => [i.Name, i.Kind]),
      [
        ["/app/db", "folder"],
        ["/app/url", "parameter"],
      ],
    );
    assert.deepEqual(
      level(parameters, "/app/db/").map((i) => i.Name),
      ["/app/db/password", "/app/db/user"],
    );
    assert.deepEqual(level(parameters, "/nothing"), []);
  });

  it("breadcrumbs each level of the path", () => {
    assert.deepEqual(
      crumbs("/app/db").map((c) => c.text),
      ["Parameter Store", "app", "db"],
    );
    assert.equal(parseRoute(crumbs("/app/db")[2]?.href ?? "").params.get("path"), "/app/db");
  });
});

describe("document parameter values", () => {
  const parameters = [
    { Name: "commands", Type: "StringList", DefaultValue: '["echo a","echo b"]' },
    { Name: "workingDirectory", Type: "String", DefaultValue: "" },
    { Name: "executionTimeout", Type: "String", DefaultValue: "3600" },
  ] as const;

  it("shows a StringList default one item per line", () => {
    assert.deepEqual(defaultValues(parameters), { commands: "echo a\necho b", workingDirectory: "", executionTimeout: "3600" });
  });

  it("sends a StringList as its lines and leaves out what is empty", () => {
    assert.deepEqual(toSendParameters(parameters, { commands: "echo 1\n\n  echo 2  \n", workingDirectory: "", executionTimeout: "60" }), {
      commands: ["echo 1", "  echo 2"],
      executionTimeout: ["60"],
    });
  });
});
