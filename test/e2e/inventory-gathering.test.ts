/**
 * @module A real agent runs AWS-GatherSoftwareInventory on this machine: dpkg packages, network, CPU, services,
 * files, custom types, the agent itself, and software no package manager installed — a log4j-core JAR the test
 * builds, one nested in a fat JAR, a Node package and a Python distribution.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import {
  CreateAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  ListInventoryEntriesCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { apiClient } from "../kit/api-call.ts";
import { type Fleet, invocationReaches, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";
import { zip } from "../kit/zip.ts";

let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;
let root: string;

const manifest = (title: string, version: string) =>
  `Manifest-Version: 1.0\r\nImplementation-Title: ${title}\r\nImplementation-Version: ${version}\r\nImplementation-Vendor: The Apache Software Foundation\r\n\r\n`;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "bosun-unpackaged-"));
  await mkdir(join(root, "app", "lib"), { recursive: true });
  await writeFile(
    join(root, "app", "lib", "log4j-core-2.14.1.jar"),
    zip({
      "META-INF/MANIFEST.MF": manifest("Apache Log4j Core", "2.14.1"),
      "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties":
        "version=2.14.1\ngroupId=org.apache.logging.log4j\nartifactId=log4j-core\n",
      "org/x.class": "x",
    }),
  );
  const inner = zip({ "META-INF/MANIFEST.MF": manifest("Apache Log4j Core", "2.16.0") });
  await writeFile(
    join(root, "app", "service.jar"),
    zip({ "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\r\n\r\n", "BOOT-INF/lib/log4j-core-2.16.0.jar": inner }),
  );
  await mkdir(join(root, "web", "node_modules", "left-pad"), { recursive: true });
  await writeFile(join(root, "web", "node_modules", "left-pad", "package.json"), JSON.stringify({ name: "left-pad", version: "1.3.0" }));
  await mkdir(join(root, "py", "requests-2.31.0.dist-info"), { recursive: true });
  await writeFile(join(root, "py", "requests-2.31.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n");
  await writeFile(join(root, "app", "settings.conf"), "a=1\n");
  t = await startTestServer({ heartbeatIntervalMs: 500 });
  ssm = t.ssm();
  fleet = await startFleet(t, ssm, { node: {} });
  const custom = join(fleet.node("node").dir, "inventory", "custom");
  await mkdir(custom, { recursive: true });
  await writeFile(
    join(custom, "rack.json"),
    JSON.stringify({ SchemaVersion: "1.0", TypeName: "Custom:RackInfo", Content: { Rack: "r12", Row: "4" } }),
  );
});
after(async () => {
  await fleet?.stop();
  await t?.close();
  await rm(root, { recursive: true, force: true });
});

const entries = async (typeName: string, filters?: { Key: string; Values: string[]; Type?: "Equal" | "BeginWith" }[]) => {
  const out = [];
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new ListInventoryEntriesCommand({ InstanceId: fleet.node("node").id, TypeName: typeName, Filters: filters, NextToken: token }),
    );
    out.push(...(page.Entries ?? []));
    token = page.NextToken;
  } while (token);
  return out;
};

it("gathers the node's inventory through AWS-GatherSoftwareInventory and finds unpackaged software", async () => {
  const node = fleet.node("node");
  // AWS-GatherSoftwareInventory is a Policy document: it runs through an association (at once, at creation), as in SSM.
  const created = await ssm.send(
    new CreateAssociationCommand({
      Name: "AWS-GatherSoftwareInventory",
      Targets: [{ Key: "InstanceIds", Values: [node.id] }],
      Parameters: {
        unpackagedRoots: [root],
        files: [JSON.stringify([{ Path: join(root, "app"), Pattern: ["*.conf"], Recursive: false }])],
      },
    }),
  );
  const associationId = created.AssociationDescription?.AssociationId ?? "";
  let commandId = "";
  await waitFor(async () => {
    const [execution] =
      (await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId }))).AssociationExecutions ?? [];
    if (!execution) return false;
    const targets = await ssm.send(
      new DescribeAssociationExecutionTargetsCommand({ AssociationId: associationId, ExecutionId: execution.ExecutionId }),
    );
    commandId = targets.AssociationExecutionTargets?.[0]?.OutputSource?.OutputSourceId ?? "";
    return commandId !== "";
  }, 20_000);
  const result = await invocationReaches(ssm, commandId, node.id, ["Success", "Failed"], 120_000);
  assert.equal(result.StatusDetails, "Success", result.StandardErrorContent);
  assert.match(result.StandardOutputContent ?? "", /AWS:Application: \d+ entries/);

  const log4j = await entries("AWS:Application", [{ Key: "Name", Values: ["log4j-core"] }]);
  assert.deepEqual(log4j.map((e) => [e.Version, e.ApplicationType, e.Path?.replace(root, "<root>")]).sort(), [
    ["2.14.1", "unpackaged/java", "<root>/app/lib/log4j-core-2.14.1.jar"],
    ["2.16.0", "unpackaged/java", "<root>/app/service.jar!/BOOT-INF/lib/log4j-core-2.16.0.jar"],
  ]);
  assert.equal(log4j[0]?.Publisher, "The Apache Software Foundation");
  // Maven's coordinates, from pom.properties, are how vulnerability advisories name the artifact.
  assert.deepEqual(log4j.map((e) => e.PackageId ?? "").sort(), ["", "org.apache.logging.log4j:log4j-core"]);
  const node_ = await entries("AWS:Application", [{ Key: "ApplicationType", Values: ["unpackaged/"], Type: "BeginWith" }]);
  assert.ok(node_.some((e) => e.Name === "left-pad" && e.Version === "1.3.0" && e.ApplicationType === "unpackaged/node"));
  assert.ok(node_.some((e) => e.Name === "requests" && e.Version === "2.31.0" && e.ApplicationType === "unpackaged/python"));
  if (existsSync("/usr/bin/dpkg-query")) {
    const dpkg = await entries("AWS:Application", [{ Key: "Name", Values: ["dpkg"] }]);
    assert.equal(dpkg.length, 1);
    assert.match(dpkg[0]?.Version ?? "", /^\d/);
    assert.match(dpkg[0]?.PackageId ?? "", /^dpkg_.*\.deb$/);
    // A binary package built from a source of another name says so (advisories name sources): libc6 is glibc's.
    const libc = await entries("AWS:Application", [{ Key: "Name", Values: ["libc6"] }]);
    if (libc.length > 0) assert.equal(libc[0]?.SourcePackage, "glibc");
  }
  const component = await entries("AWS:AWSComponent");
  assert.equal(component[0]?.Name, "bosun-agent");
  const network = await entries("AWS:Network");
  assert.ok(network.some((n) => n.Name === "lo" && n.IPV4 === "127.0.0.1"));
  const details = await entries("AWS:InstanceDetailedInformation");
  assert.ok(Number(details[0]?.CPUs) >= 1);
  assert.ok((details[0]?.KernelVersion ?? "").length > 0);
  const services = await entries("AWS:Service");
  assert.ok(services.length > 0, "systemd units (or their files) are listed");
  const files = await entries("AWS:File");
  assert.deepEqual(
    files.map((f) => [f.Name, f.Size]),
    [["settings.conf", "4"]],
  );
  assert.deepEqual(await entries("Custom:RackInfo"), [{ Rack: "r12", Row: "4" }]);
  // The JAR the test built is found by fleet search like a package: log4j-core older than 2.17.
  const api = apiClient(t.endpoint, t.admin);
  const found = await api.call<{ Results: { InstanceId: string; Attributes: Record<string, string> }[] }>("Bosun.SearchInventory", {
    Conditions: [
      { Key: "AWS:Application.Name", Operator: "Equal", Values: ["log4j-core"] },
      { Key: "AWS:Application.Version", Operator: "LessThan", Values: ["2.17"] },
      { Key: "PingStatus", Operator: "Equal", Values: ["Online"] },
    ],
  });
  assert.deepEqual(found.Results.map((r) => [r.InstanceId, r.Attributes.Version]).sort(), [
    [node.id, "2.14.1"],
    [node.id, "2.16.0"],
  ]);
});
