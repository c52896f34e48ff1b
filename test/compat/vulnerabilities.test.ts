/**
 * @module Vulnerabilities from the inventory (decision 026), on a fixture of published OSV advisories with known
 * answers in every ecosystem: nodes on Debian 12, Ubuntu 22.04, AlmaLinux 9 and Debian 11 report packages and
 * software outside package managers; the operator imports the advisories with `bosun vulnerabilities import` (a zip,
 * as osv.dev publishes them); the findings must be exactly the known ones — no false positive where a distribution
 * backported a fix, none for a fork's JAR of the same artifactId, none on another release — and they must follow the
 * inventory and the advisories as either changes, reach compliance as Custom:Vulnerability, and be read
 * organization-wide only by those allowed to.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { ListComplianceItemsCommand, ListComplianceSummariesCommand, SSMClient } from "@aws-sdk/client-ssm";
import { adminKeysOf, newUser } from "../kit/accounts.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { putApplications } from "../kit/inventory.ts";
import { nodeOnPlatform } from "../kit/node-platform.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";
import { zip } from "../kit/zip.ts";

const run = promisify(execFile);
type Keys = { accessKeyId: string; secretAccessKey: string };
interface Finding {
  AccountId: string;
  InstanceId: string;
  VulnerabilityId: string;
  Name: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Path?: string;
  Severity: string;
}

const fixtureDir = new URL("../fixtures/osv/", import.meta.url).pathname;
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith(".json"));
const fixture = (name: string) => JSON.parse(readFileSync(join(fixtureDir, `${name}.json`), "utf8")) as Record<string, unknown>;

let t: TestServer;
let ssm: SSMClient;
let work: string;
const node = { debian: "", ubuntu: "", alma: "", oldDebian: "", late: "" };
const closers: { destroy(): void }[] = [];

const deb = (name: string, version: string, extra: Record<string, string> = {}) => ({
  Name: name,
  Version: version,
  Architecture: "amd64",
  PackageId: `${name}_${version}_amd64.deb`,
  ...extra,
});
const rpm = (name: string, epoch: string, version: string, release: string) => ({
  Name: name,
  Epoch: epoch,
  Version: version,
  Release: release,
  Architecture: "x86_64",
  PackageId: `${name}-${version}-${release}.x86_64.rpm`,
});
const jar = (version: string, path: string, group = "org.apache.logging.log4j") => ({
  Name: "log4j-core",
  Version: version,
  ApplicationType: "unpackaged/java",
  PackageId: `${group}:log4j-core`,
  Path: path,
});

/** The Debian 12 node's software: every ecosystem, with versions on both sides of each fix. */
const debianSoftware = [
  deb("libssl3", "3.0.11-1~deb12u1", { SourcePackage: "openssl" }),
  // Debian backported the fix into 3.0.11: upstream's own fix is 3.0.12, so a match on upstream versions would flag it.
  deb("openssl", "3.0.11-1~deb12u2"),
  jar("2.14.1", "/opt/app/lib/log4j-core-2.14.1.jar"),
  jar("2.17.1", "/opt/other/lib/log4j-core-2.17.1.jar"),
  // A fork under another group, at a vulnerable version number: not the advisory's artifact.
  jar("2.14.1", "/opt/fork/log4j-core.jar", "org.example.fork"),
  { Name: "lodash", Version: "4.17.20", ApplicationType: "unpackaged/node", Path: "/srv/web/node_modules/lodash" },
  { Name: "PyYAML", Version: "5.3.1", ApplicationType: "unpackaged/python", Path: "/usr/lib/python3/dist-packages/PyYAML-5.3.1.dist-info" },
  { Name: "golang.org/x/text", Version: "v0.3.7", ApplicationType: "unpackaged/go", Path: "/usr/local/bin/exporter" },
  { Name: "requests", Version: "2.31.0", ApplicationType: "unpackaged/python", Path: "/opt/py/requests-2.31.0.dist-info" },
];

/** Node, advisory, Name, version, fixed version: the known answers. */
const truth = () => [
  [node.alma, "ALSA-2023:7877", "openssl-libs", "1:3.0.7-24.el9", "1:3.0.7-25.el9_3"],
  [node.debian, "DSA-5532-1", "libssl3", "3.0.11-1~deb12u1", "3.0.11-1~deb12u2"],
  [node.debian, "GHSA-35jh-r3h4-6jhm", "lodash", "4.17.20", "4.17.21"],
  [node.debian, "GHSA-69ch-w2m2-3vjp", "golang.org/x/text", "v0.3.7", "0.3.8"],
  [node.debian, "GHSA-8q59-q68h-6hv4", "PyYAML", "5.3.1", "5.4"],
  [node.debian, "GHSA-jfh8-c2jp-5v3q", "log4j-core", "2.14.1", "2.15.0"],
  [node.debian, "GHSA-p6xc-xr62-6r2g", "log4j-core", "2.14.1", "2.17.0"],
  [node.ubuntu, "USN-6450-1", "openssl", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12"],
];

const sorted = (rows: string[][]) => rows.sort((a, b) => a.join("\n").localeCompare(b.join("\n")));
const asRows = (findings: Finding[]) =>
  sorted(findings.map((f) => [f.InstanceId, f.VulnerabilityId, f.Name, f.InstalledVersion, f.FixedVersion ?? ""]));

/** Every finding the caller sees, through every page. */
async function allFindings(keys: Keys, input: object = {}, pageSize = 500): Promise<Finding[]> {
  const api = apiClient(t.endpoint, keys);
  const out: Finding[] = [];
  let token: string | undefined;
  do {
    const page = await api.call<{ Findings: Finding[]; NextToken?: string }>("Bosun.ListVulnerabilityFindings", {
      ...input,
      MaxResults: pageSize,
      ...(token ? { NextToken: token } : {}),
    });
    out.push(...page.Findings);
    token = page.NextToken;
  } while (token);
  return out;
}

/** A node's Custom:Vulnerability compliance items. */
const vulnerabilityItems = async (instanceId: string) =>
  (
    await ssm.send(
      new ListComplianceItemsCommand({
        ResourceIds: [instanceId],
        ResourceTypes: ["ManagedInstance"],
        Filters: [{ Key: "ComplianceType", Values: ["Custom:Vulnerability"] }],
      }),
    )
  ).ComplianceItems ?? [];

const importAdvisories = (keys: Keys, advisories: object[]) =>
  apiClient(t.endpoint, keys).call<{ Imported: number; Unchanged: number; Refused: number; Findings: number }>(
    "Bosun.ImportVulnerabilities",
    { Advisories: advisories.map((a) => JSON.stringify(a)) },
  );

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
  closers.push(ssm);
  work = await mkdtemp(join(tmpdir(), "bosun-vulnerabilities-"));
  node.debian = await nodeOnPlatform(t, t.admin, { Name: "Debian GNU/Linux", Version: "12" });
  node.ubuntu = await nodeOnPlatform(t, t.admin, { Name: "Ubuntu", Version: "22.04" });
  node.alma = await nodeOnPlatform(t, t.admin, { Name: "AlmaLinux", Version: "9.3" });
  node.oldDebian = await nodeOnPlatform(t, t.admin, { Name: "Debian GNU/Linux", Version: "11" });
  await putApplications(ssm, node.debian, debianSoftware);
  await putApplications(ssm, node.ubuntu, [
    deb("openssl", "3.0.2-0ubuntu1.10"),
    deb("libssl3", "3.0.2-0ubuntu1.12", { SourcePackage: "openssl" }),
  ]);
  await putApplications(ssm, node.alma, [rpm("openssl-libs", "1", "3.0.7", "24.el9"), rpm("openssl", "1", "3.0.7", "25.el9_3")]);
  // Another Debian release: DSA-5532-1 is about bookworm's openssl, not bullseye's.
  await putApplications(ssm, node.oldDebian, [deb("openssl", "1.1.1n-0+deb11u5")]);
});
after(async () => {
  for (const c of closers) c.destroy();
  await t?.close();
  await rm(work, { recursive: true, force: true });
});

describe("vulnerabilities from the inventory", () => {
  it("imports osv.dev's zip with `bosun vulnerabilities import` and finds exactly the known answers", async () => {
    const dump = join(work, "all.zip");
    await writeFile(dump, zip(Object.fromEntries(fixtures.map((f) => [f, readFileSync(join(fixtureDir, f))]))));
    const credentials = join(work, "credentials");
    await writeFile(
      credentials,
      `[default]\naws_access_key_id = ${t.admin.accessKeyId}\naws_secret_access_key = ${t.admin.secretAccessKey}\n`,
    );
    const cli = ["--endpoint", t.endpoint, "--credentials-file", credentials];
    const { stdout } = await run(process.execPath, [bosunBin, "vulnerabilities", "import", dump, ...cli, "--output", "json"]);
    const answer = JSON.parse(stdout) as { Read: number; Imported: number; Refused: number; Findings: number };
    assert.deepEqual([answer.Read, answer.Imported, answer.Refused], [fixtures.length, fixtures.length, 0]);
    assert.deepEqual(asRows(await allFindings(t.admin)), sorted(truth()));
    assert.equal(answer.Findings, truth().length);

    // Known answers measure false positives: matching upstream versions (ignoring the distribution's revision) would
    // flag Debian's openssl 3.0.11-1~deb12u2, whose fix was backported; Bosun matches Debian's own versions.
    const upstreamFix = "3.0.12";
    const naive = debianSoftware.filter((e) => e.Name === "openssl" && (e.Version.split("-")[0] ?? "") < upstreamFix);
    assert.equal(naive.length, 1, "the fixture holds a backported fix");
    assert.ok(!(await allFindings(t.admin)).some((f) => f.Name === "openssl" && f.InstanceId === node.debian));

    // Again: nothing is newer, so nothing changes.
    const again = await run(process.execPath, [bosunBin, "vulnerabilities", "import", dump, ...cli, "--output", "json"]);
    assert.deepEqual([JSON.parse(again.stdout).Imported, JSON.parse(again.stdout).Unchanged], [0, fixtures.length]);
    const table = await run(process.execPath, [bosunBin, "vulnerabilities", "findings", "--vulnerability", "CVE-2021-44228", ...cli]);
    assert.match(table.stdout, /GHSA-jfh8-c2jp-5v3q +CRITICAL +log4j-core +2\.14\.1 +2\.15\.0 +\/opt\/app\/lib\/log4j-core-2\.14\.1\.jar/);
    assert.doesNotMatch(table.stdout, /fork/);
  });

  it("answers which nodes a CVE affects, what is exposed on a node, and the fleet's list worst first", async () => {
    const byCve = await allFindings(t.admin, { Filters: [{ Key: "VulnerabilityId", Values: ["CVE-2023-5363"] }] });
    assert.deepEqual(
      byCve.map((f) => [f.InstanceId, f.VulnerabilityId]).sort(),
      [
        [node.alma, "ALSA-2023:7877"],
        [node.debian, "DSA-5532-1"],
        [node.ubuntu, "USN-6450-1"],
      ].sort(),
    );
    const onNode = await allFindings(t.admin, {
      Filters: [
        { Key: "InstanceId", Values: [node.debian] },
        { Key: "Severity", Values: ["CRITICAL"] },
      ],
    });
    assert.deepEqual(onNode.map((f) => [f.VulnerabilityId, f.Path]).sort(), [
      ["GHSA-8q59-q68h-6hv4", "/usr/lib/python3/dist-packages/PyYAML-5.3.1.dist-info"],
      ["GHSA-jfh8-c2jp-5v3q", "/opt/app/lib/log4j-core-2.14.1.jar"],
    ]);
    const paged = await allFindings(t.admin, {}, 1);
    assert.equal(paged.length, truth().length, "one at a time, every finding once");
    const api = apiClient(t.endpoint, t.admin);
    const list = await api.call<{
      Vulnerabilities: { VulnerabilityId: string; Severity: string; AffectedNodes: number; CvssScore?: number }[];
    }>("Bosun.ListVulnerabilities", {});
    assert.deepEqual(
      list.Vulnerabilities.map((v) => v.Severity),
      ["CRITICAL", "CRITICAL", "HIGH", "HIGH", "MEDIUM", "MEDIUM", "UNSPECIFIED", "UNSPECIFIED"],
    );
    assert.equal(list.Vulnerabilities[0]?.VulnerabilityId, "GHSA-8q59-q68h-6hv4");
    assert.equal(list.Vulnerabilities.find((v) => v.VulnerabilityId === "GHSA-jfh8-c2jp-5v3q")?.CvssScore, 10);
    const shown = await api.call<{ Vulnerabilities: { VulnerabilityId: string; Aliases: string[] }[] }>("Bosun.GetVulnerability", {
      VulnerabilityId: "CVE-2023-5363",
    });
    assert.deepEqual(
      shown.Vulnerabilities.map((v) => v.VulnerabilityId),
      ["ALSA-2023:7877", "DSA-5532-1", "USN-6450-1"],
    );
  });

  it("makes each node's findings its Custom:Vulnerability compliance", async () => {
    // The compliance job records nodes whose findings changed, a moment after the import.
    await waitFor(async () => (await vulnerabilityItems(node.debian)).length === 6);
    const items = { ComplianceItems: await vulnerabilityItems(node.debian) };
    const log4shell = items.ComplianceItems?.find((i) => i.Details?.VulnerabilityId === "GHSA-jfh8-c2jp-5v3q");
    assert.equal(log4shell?.Severity, "CRITICAL");
    assert.equal(log4shell?.Status, "NON_COMPLIANT");
    assert.equal(log4shell?.Details?.FixedVersion, "2.15.0");
    const summaries = await ssm.send(
      new ListComplianceSummariesCommand({ Filters: [{ Key: "ComplianceType", Values: ["Custom:Vulnerability"] }] }),
    );
    const summary = summaries.ComplianceSummaryItems?.find((s) => s.ComplianceType === "Custom:Vulnerability");
    assert.equal(summary?.NonCompliantSummary?.NonCompliantCount, 3, "three nodes have findings");
    assert.equal(summary?.NonCompliantSummary?.SeveritySummary?.CriticalCount, 1);
  });

  it("follows the inventory: a node's new software is matched as it is put, an upgrade clears its finding", async () => {
    node.late = await nodeOnPlatform(t, t.admin, { Name: "Debian GNU/Linux", Version: "12.4" });
    await putApplications(ssm, node.late, [
      deb("libssl3", "3.0.9-1", { SourcePackage: "openssl" }),
      jar("2.16.0", "/opt/late/app.jar!/BOOT-INF/lib/log4j-core-2.16.0.jar"),
    ]);
    assert.deepEqual(asRows(await allFindings(t.admin, { Filters: [{ Key: "InstanceId", Values: [node.late] }] })), [
      [node.late, "DSA-5532-1", "libssl3", "3.0.9-1", "3.0.11-1~deb12u2"],
      [node.late, "GHSA-p6xc-xr62-6r2g", "log4j-core", "2.16.0", "2.17.0"],
    ]);
    await putApplications(
      ssm,
      node.debian,
      debianSoftware.map((e) => (e.Name === "lodash" ? { ...e, Version: "4.17.21" } : e)),
      "2026-11-22T11:00:00Z",
    );
    const debianNow = await allFindings(t.admin, { Filters: [{ Key: "InstanceId", Values: [node.debian] }] });
    assert.ok(!debianNow.some((f) => f.Name === "lodash"), "lodash 4.17.21 is fixed");
    assert.equal(debianNow.length, 5);
    // Compliance follows: the job records the node again.
    await waitFor(async () => (await vulnerabilityItems(node.debian)).length === 5);
  });

  it("follows the advisories: a newer copy replaces the old one and is matched again; a withdrawn one finds nothing", async () => {
    const lodash = fixture("GHSA-35jh-r3h4-6jhm");
    const revised = {
      ...lodash,
      modified: "2026-12-01T00:00:00Z",
      affected: [
        {
          package: { ecosystem: "npm", name: "lodash" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "4.17.22" }] }],
        },
      ],
    };
    const answer = await importAdvisories(t.admin, [revised]);
    assert.deepEqual([answer.Imported, answer.Findings], [1, 1]);
    const found = await allFindings(t.admin, { Filters: [{ Key: "VulnerabilityId", Values: ["GHSA-35jh-r3h4-6jhm"] }] });
    assert.deepEqual(
      found.map((f) => [f.InstanceId, f.InstalledVersion, f.FixedVersion]),
      [[node.debian, "4.17.21", "4.17.22"]],
    );
    const older = await importAdvisories(t.admin, [lodash]);
    assert.deepEqual([older.Imported, older.Unchanged], [0, 1], "an older copy does not replace a newer one");
    await importAdvisories(t.admin, [{ ...revised, modified: "2026-12-02T00:00:00Z", withdrawn: "2026-12-02T00:00:00Z" }]);
    assert.deepEqual(await allFindings(t.admin, { Filters: [{ Key: "VulnerabilityId", Values: ["GHSA-35jh-r3h4-6jhm"] }] }), []);
  });

  it("is read organization-wide by the management account only, and loaded by the operator only", async () => {
    const org = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: t.admin, maxAttempts: 1 });
    closers.push(org);
    await org.send(new CreateOrganizationCommand({}));
    const created = await org.send(new CreateAccountCommand({ Email: "member@example.com", AccountName: "member" }));
    const memberKeys = await adminKeysOf(t, created.CreateAccountStatus?.AccountId ?? "");
    const memberNode = await nodeOnPlatform(t, memberKeys, { Name: "Debian GNU/Linux", Version: "12" });
    const memberSsm = new SSMClient({ endpoint: t.endpoint, region: "us-east-1", credentials: memberKeys, maxAttempts: 1 });
    closers.push(memberSsm);
    await putApplications(memberSsm, memberNode, [jar("2.14.1", "/opt/member/log4j-core.jar")]);

    const all = await allFindings(t.admin, { AllAccounts: true, Filters: [{ Key: "VulnerabilityId", Values: ["CVE-2021-44228"] }] });
    assert.deepEqual(
      all.map((f) => [f.AccountId, f.InstanceId]).sort(),
      [
        [created.CreateAccountStatus?.AccountId, memberNode],
        [t.accountId, node.debian],
      ].sort(),
    );
    const own = await allFindings(memberKeys);
    assert.deepEqual(
      own.map((f) => f.InstanceId),
      [memberNode, memberNode],
      "a member sees its own nodes only",
    );
    const denied = await expectApiError(allFindings(memberKeys, { AllAccounts: true }));
    assert.equal(denied.exception, "AccessDeniedException");
    const notOperator = await expectApiError(importAdvisories(memberKeys, [fixture("GHSA-jfh8-c2jp-5v3q")]));
    assert.equal(notOperator.exception, "AccessDeniedException");

    // A user allowed to read one node's findings reads that node's, and no listing of every node.
    const narrow = await newUser(t, "reads-one-node", {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "bosun:ListVulnerabilityFindings",
          Resource: `arn:aws:ssm:us-east-1:${t.accountId}:managed-instance/${node.ubuntu}`,
        },
      ],
    });
    const one = await allFindings(narrow, { Filters: [{ Key: "InstanceId", Values: [` ${node.ubuntu} `] }] });
    assert.deepEqual(
      one.map((f) => f.VulnerabilityId),
      ["USN-6450-1"],
    );
    assert.equal((await expectApiError(allFindings(narrow))).exception, "AccessDeniedException");
    assert.equal(
      (await expectApiError(allFindings(narrow, { Filters: [{ Key: "InstanceId", Values: [node.debian] }] }))).exception,
      "AccessDeniedException",
    );
  });

  it("refuses bad input with the AWS error and changes nothing", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const before = await allFindings(t.admin);
    const cases: [string, () => Promise<unknown>, string][] = [
      ["no advisories", () => api.call("Bosun.ImportVulnerabilities", { Advisories: [] }), "ValidationException"],
      ["too many advisories", () => api.call("Bosun.ImportVulnerabilities", { Advisories: Array(1001).fill("{}") }), "ValidationException"],
      [
        "an advisory that is not a string",
        () => api.call("Bosun.ImportVulnerabilities", { Advisories: [{ id: "X" }] }),
        "SerializationException",
      ],
      ["an id that is not one", () => api.call("Bosun.GetVulnerability", { VulnerabilityId: "../../etc/passwd" }), "ValidationException"],
      ["an unknown advisory", () => api.call("Bosun.GetVulnerability", { VulnerabilityId: "CVE-1999-0000" }), "DoesNotExistException"],
      [
        "an unknown filter key",
        () => api.call("Bosun.ListVulnerabilityFindings", { Filters: [{ Key: "Color", Values: ["red"] }] }),
        "ValidationException",
      ],
      [
        "a filter key twice",
        () =>
          api.call("Bosun.ListVulnerabilityFindings", {
            Filters: [
              { Key: "Severity", Values: ["HIGH"] },
              { Key: "Severity", Values: ["LOW"] },
            ],
          }),
        "InvalidFilterKey",
      ],
      [
        "a severity that is not one",
        () => api.call("Bosun.ListVulnerabilities", { Filters: [{ Key: "Severity", Values: ["SEVERE"] }] }),
        "InvalidFilterValue",
      ],
      [
        "no filter values",
        () => api.call("Bosun.ListVulnerabilities", { Filters: [{ Key: "Severity", Values: [] }] }),
        "ValidationException",
      ],
      ["MaxResults 0", () => api.call("Bosun.ListVulnerabilityFindings", { MaxResults: 0 }), "ValidationException"],
      ["MaxResults 501", () => api.call("Bosun.ListVulnerabilities", { MaxResults: 501 }), "ValidationException"],
      ["a made-up NextToken", () => api.call("Bosun.ListVulnerabilityFindings", { NextToken: "bm90LWEtdG9rZW4" }), "InvalidNextToken"],
      [
        "another listing's NextToken",
        async () => {
          const page = await api.call<{ NextToken?: string }>("Bosun.ListVulnerabilityFindings", { MaxResults: 1 });
          return api.call("Bosun.ListVulnerabilities", { NextToken: page.NextToken });
        },
        "InvalidNextToken",
      ],
    ];
    for (const [what, call, exception] of cases) assert.equal((await expectApiError(call())).exception, exception, what);
    const refused = await api.call<{ Imported: number; Refused: number; RefusedReasons: { Index: number; Reason: string }[] }>(
      "Bosun.ImportVulnerabilities",
      { Advisories: ["not json", JSON.stringify({ id: "X-1" }), JSON.stringify([])] },
    );
    assert.deepEqual(refused, {
      Imported: 0,
      Unchanged: 0,
      Refused: 3,
      RefusedReasons: [
        { Index: 0, Reason: "not JSON" },
        { Index: 1, Reason: "X-1: no valid modified time" },
        { Index: 2, Reason: "not a JSON object" },
      ],
      Findings: 0,
    });
    assert.deepEqual(await allFindings(t.admin), before, "nothing changed");
  });
});
