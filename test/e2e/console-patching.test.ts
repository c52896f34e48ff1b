/**
 * @module Patch Manager and compliance in the console, in a real browser (Debian's Chromium) against a real server and
 * an agent that patches a scratch apt root (test/kit/apt-repo.ts): the compliance dashboard counts the node by type
 * and severity and drills down to its items; Patch Manager lists the predefined and the account's baselines and patch
 * groups, shows a baseline's rules and makes it its system's default; a baseline is created, edited and deleted from
 * a form (a refused save shows the server's error at its field); the node's Patches tab shows its last scan; the
 * vulnerabilities found from the node's inventory (after the operator imported OSV advisories) are listed worst first,
 * open on an advisory's page with the nodes it affects, and on the node's Vulnerabilities tab.
 * Screenshots at 1440 and 800 px go to test-results/console-patching/ for a person to look at.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { PutComplianceItemsCommand, SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { Browser, Page } from "playwright-core";
import { type AgentProcess, exited } from "../kit/agents.ts";
import { apiClient } from "../kit/api-call.ts";
import { aptMissing, makeAptWorld, securityBaselineForGroup, startPatchingNode } from "../kit/apt-repo.ts";
import {
  browserSkip,
  checkAccessibility,
  createConsoleUser,
  launchChromium,
  screenshotsWideAndNarrow,
  signIn,
  whatThePageShows,
} from "../kit/browser.ts";
import { commandReaches } from "../kit/fleet.ts";
import { putApplications } from "../kit/inventory.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const skip = browserSkip || (await aptMissing());
const screenshots = new URL("../../test-results/console-patching/", import.meta.url).pathname;
const password = "console patching password";

let t: TestServer;
let ssm: SSMClient;
let browser: Browser;
let page: Page;
let folder = "";
let agent: AgentProcess | undefined;
let node = "";
let baselineId = "";

const go = (hash: string) =>
  page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
const shots = (name: string) => screenshotsWideAndNarrow(page, screenshots, name);

before(async () => {
  if (skip) return;
  await mkdir(screenshots, { recursive: true });
  folder = await mkdtemp(join(tmpdir(), "bosun-console-patching-"));
  const world = await makeAptWorld(join(folder, "apt"), {
    bookworm: [{ name: "bosun-tool", version: "1.0-2", section: "utils" }],
    "bookworm-security": [{ name: "bosun-lib", version: "1.0-1+deb12u1", priority: "important", section: "libs" }],
  });
  await world.install([
    { name: "bosun-tool", version: "1.0-1", section: "utils" },
    { name: "bosun-lib", version: "1.0-1", priority: "important", section: "libs" },
  ]);
  t = await startTestServer();
  ssm = t.ssm();
  await createConsoleUser(t, "ops", password);
  ({ id: node, agent } = await startPatchingNode(t, ssm, join(folder, "agent"), world, "web"));
  baselineId = await securityBaselineForGroup(ssm, "web-debian", "web", "CRITICAL", {
    Description: "Security updates for the web servers",
    RejectedPatches: ["telnet"],
  });
  const scan = await ssm.send(
    new SendCommandCommand({ DocumentName: "AWS-RunPatchBaseline", InstanceIds: [node], Parameters: { Operation: ["Scan"] } }),
  );
  await commandReaches(ssm, scan.Command?.CommandId ?? "", ["Success"], 120_000);
  await ssm.send(
    new PutComplianceItemsCommand({
      ResourceId: node,
      ResourceType: "ManagedInstance",
      ComplianceType: "Custom:Hardening",
      ExecutionSummary: { ExecutionTime: new Date() },
      Items: [{ Id: "ssh-root-login", Title: "Root login over SSH is off", Severity: "HIGH", Status: "COMPLIANT" }],
    }),
  );
  // The node runs a vulnerable log4j-core and lodash; the operator imports advisories about both.
  await putApplications(ssm, node, [
    {
      Name: "log4j-core",
      Version: "2.14.1",
      ApplicationType: "unpackaged/java",
      PackageId: "org.apache.logging.log4j:log4j-core",
      Path: "/opt/shop/lib/log4j-core-2.14.1.jar",
    },
    { Name: "lodash", Version: "4.17.20", ApplicationType: "unpackaged/node", Path: "/srv/shop/node_modules/lodash" },
  ]);
  const advisories = ["GHSA-jfh8-c2jp-5v3q", "GHSA-35jh-r3h4-6jhm"].map((id) =>
    readFileSync(new URL(`../fixtures/osv/${id}.json`, import.meta.url), "utf8"),
  );
  const imported = await apiClient(t.endpoint, t.admin).call<{ Findings: number }>("Bosun.ImportVulnerabilities", {
    Advisories: advisories,
  });
  assert.equal(imported.Findings, 2, "log4j-core and lodash are found on the node");
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(t.endpoint);
  await signIn(page, t.accountId, "ops", password);
});

after(async () => {
  await browser?.close();
  if (agent && agent.exitCode === null) {
    agent.kill("SIGKILL");
    await exited(agent);
  }
  ssm?.destroy();
  await t?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

afterEach(async (test) => {
  if (!test.passed && page) test.diagnostic(await whatThePageShows(page, t?.logText()));
});

describe("Patch Manager and compliance in the console", { skip }, () => {
  it("counts compliance by type and severity, and drills down to a node's items", async () => {
    await go("#/compliance");
    await page.getByRole("heading", { name: "Compliance", exact: true }).waitFor();
    const types = page.locator("table").filter({ hasText: "Compliance type" }).first();
    await types.getByRole("link", { name: "Patch", exact: true }).waitFor();
    await types.getByRole("link", { name: "Custom:Hardening", exact: true }).waitFor();
    assert.deepEqual(await checkAccessibility(page), [], "the compliance page passes axe-core's WCAG checks");
    await shots("compliance");
    await types.getByRole("link", { name: "Patch", exact: true }).click();
    await page.getByText("Compliance type Patch").waitFor();
    await page.getByRole("link", { name: node }).first().click();
    await page.getByRole("heading", { name: node, exact: true }).waitFor();
    const row = page.locator("tr").filter({ hasText: "bosun-lib" });
    await row.getByText("Non-compliant").waitFor();
    assert.match((await row.textContent()) ?? "", /CRITICAL.*MISSING/);
    assert.deepEqual(await checkAccessibility(page), []);
    await shots("compliance-node");
  });

  it("lists baselines and patch groups, shows a baseline's rules and makes it the default", async () => {
    await go("#/patch-baselines");
    await page.getByRole("heading", { name: "Patch Manager", exact: true }).waitFor();
    await page.getByRole("link", { name: "AWS-DebianDefaultPatchBaseline" }).waitFor();
    const groups = page.locator("table").filter({ hasText: "Patch group" }).first();
    await groups.getByText("web", { exact: true }).waitFor();
    assert.deepEqual(await checkAccessibility(page), []);
    await shots("patch-baselines");
    await page.getByRole("link", { name: "web-debian" }).first().click();
    await page.getByRole("heading", { name: "web-debian", exact: true }).waitFor();
    await page.getByText("PRIORITY = *").waitFor();
    await page.getByText("telnet").waitFor();
    assert.deepEqual(await checkAccessibility(page), []);
    await shots("patch-baseline");
    await page.getByRole("button", { name: "Set as default baseline" }).click();
    await page.getByText("web-debian is now the default baseline for DEBIAN.").waitFor();
    await go("#/patch-baselines");
    const row = page.locator("tr").filter({ hasText: "web-debian" });
    await row.getByText("Yes", { exact: true }).waitFor();
  });

  it("creates a baseline from a form, edits it and deletes it; a refused save says why at the field", async () => {
    await go("#/patch-baselines");
    await page.getByRole("link", { name: "Create patch baseline" }).click();
    await page.getByRole("heading", { name: "Create patch baseline", exact: true }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("x");
    await page.getByRole("button", { name: "Create patch baseline" }).click();
    await page.getByText("3 to 128 letters, digits, dots, dashes and underscores.").first().waitFor();
    await page.getByLabel("Name", { exact: true }).fill("console-made");
    await page.getByLabel("Description", { exact: true }).fill("Made in the console");
    await page.getByLabel("Rule 1 filter 1 values").fill("required, important");
    await page.getByLabel("Rule 1 approval delay").fill("0");
    await page.getByLabel("Rule 1 compliance level").first().click();
    await page.getByRole("option", { name: "HIGH" }).click();
    // A key Debian does not know: the server refuses, and the form says so at the rules.
    await page.getByRole("button", { name: "Add filter" }).click();
    await page.getByLabel("Rule 1 filter 2 key").first().click();
    await page.getByRole("option", { name: "MSRC_SEVERITY" }).click();
    await page.getByLabel("Rule 1 filter 2 values").fill("Critical");
    await page.getByLabel("Rejected patches", { exact: true }).fill("telnet");
    assert.deepEqual(await checkAccessibility(page), [], "the baseline form passes axe-core's WCAG checks");
    await shots("patch-baseline-form");
    await page.getByRole("button", { name: "Create patch baseline" }).click();
    await page
      .getByText(/MSRC_SEVERITY/)
      .first()
      .waitFor();
    await page.getByRole("button", { name: "Remove", exact: true }).nth(1).click();
    await page.getByRole("button", { name: "Create patch baseline" }).click();
    await page.getByRole("heading", { name: "console-made", exact: true }).waitFor();
    await page.getByText("PRIORITY = required, important").waitFor();
    await page.getByText("telnet").waitFor();
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await page.getByRole("heading", { name: "Edit console-made", exact: true }).waitFor();
    await page.getByLabel("Description", { exact: true }).fill("Changed in the console");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Changed in the console").waitFor();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "Patch Manager", exact: true }).waitFor();
    await page.getByRole("link", { name: "web-debian" }).first().waitFor();
    assert.equal(await page.getByRole("link", { name: "console-made" }).count(), 0, "deleted");
  });

  it("shows the node's last scan and each package's state on its Patches tab", async () => {
    await go(`#/nodes/${node}`);
    await page.getByRole("tab", { name: "Patches" }).click();
    await page.getByRole("heading", { name: "Last patch run" }).waitFor();
    await page.getByRole("link", { name: baselineId }).waitFor();
    const row = page.locator("tr").filter({ hasText: "bosun-lib" });
    await row.getByText("MISSING").waitFor();
    assert.match((await page.locator("tr").filter({ hasText: "bosun-tool" }).textContent()) ?? "", /INSTALLED_OTHER/);
    assert.deepEqual(await checkAccessibility(page), []);
    await shots("node-patches");
  });

  it("lists the vulnerabilities found worst first, opens an advisory with its nodes, and shows them on the node's tab", async () => {
    await go("#/vulnerabilities");
    await page.getByRole("heading", { name: "Vulnerabilities", exact: true }).waitFor();
    const list = page.locator("table").filter({ hasText: "Advisory" }).first();
    await list.getByRole("link", { name: "GHSA-jfh8-c2jp-5v3q" }).waitFor();
    const rows = await list.locator("tbody tr").allTextContents();
    assert.match(rows[0] ?? "", /GHSA-jfh8-c2jp-5v3q.*CVE-2021-44228.*CRITICAL.*10\.0/, "the critical one first");
    assert.match(rows[1] ?? "", /GHSA-35jh-r3h4-6jhm.*HIGH/);
    assert.deepEqual(await checkAccessibility(page), [], "the vulnerabilities page passes axe-core's WCAG checks");
    await shots("vulnerabilities");
    await list.getByRole("link", { name: "GHSA-jfh8-c2jp-5v3q" }).click();
    await page.getByRole("heading", { name: "GHSA-jfh8-c2jp-5v3q", exact: true }).first().waitFor();
    await page.getByText("Maven · org.apache.logging.log4j:log4j-core: from 2.13.0, fixed in 2.15.0").waitFor();
    const affected = page.locator("tr").filter({ hasText: "/opt/shop/lib/log4j-core-2.14.1.jar" });
    await affected.getByRole("link", { name: node }).waitFor();
    assert.match((await affected.textContent()) ?? "", /2\.14\.1.*2\.15\.0/);
    assert.deepEqual(await checkAccessibility(page), []);
    await shots("vulnerability");
    await affected.getByRole("link", { name: node }).click();
    await page.getByRole("tab", { name: "Vulnerabilities" }).click();
    const lodash = page.locator("tr").filter({ hasText: "lodash" });
    await lodash.getByRole("link", { name: "GHSA-35jh-r3h4-6jhm" }).waitFor();
    assert.match((await lodash.textContent()) ?? "", /4\.17\.20.*4\.17\.21/);
    assert.deepEqual(await checkAccessibility(page), []);
    await shots("node-vulnerabilities");
  });
});
