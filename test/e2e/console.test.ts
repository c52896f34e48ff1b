/**
 * @module The web console in a real browser (Debian's Chromium driven by playwright-core) against a real server with
 * real agents that gathered their inventory through a State Manager association: sign in with a console password;
 * the home charts and their links; filter nodes by a tag and export CSV; a node's page (tags edited, inventory,
 * associations); run a command and read its output; create a SecureString, reveal it and label it; a fleet search
 * exported as CSV; an association's status per node and "apply now" — each API error shown as the API returned it,
 * and no browser console errors. Screenshots of every page go to test-results/console/ for a person to look at.
 * Skipped only where Chromium is not installed (`.ci/run` installs it).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import {
  CreateActivationCommand,
  CreateAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeInstanceInformationCommand,
  GetParameterCommand,
  ListInventoryEntriesCommand,
  ListTagsForResourceCommand,
  SendCommandCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import type { Browser, Page } from "playwright-core";
import { type AgentProcess, exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { apiClient } from "../kit/api-call.ts";
import { browserSkip, chooseOption, launchChromium, whatThePageShows } from "../kit/browser.ts";
import { commandReaches } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const skip = browserSkip;
const screenshots = new URL("../../test-results/console/", import.meta.url).pathname;
const password = "console test password";

let t: TestServer;
let ssm: SSMClient;
let work: string;
let browser: Browser;
let page: Page;
const agents: AgentProcess[] = [];
const nodes: Record<"prod" | "dev", string> = { prod: "", dev: "" };
const browserErrors: string[] = [];
let associationId = "";
let otherAccount = "";
const secret = "s3cret-console-value";

const shot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
const go = (hash: string) =>
  page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
const applicationsOf = async (id: string) =>
  (await ssm.send(new ListInventoryEntriesCommand({ InstanceId: id, TypeName: "AWS:Application", MaxResults: 1 }))).Entries ?? [];

before(async () => {
  if (skip) return;
  await mkdir(join(screenshots, "steps"), { recursive: true });
  t = await startTestServer({ heartbeatIntervalMs: 1000 });
  ssm = t.ssm();
  work = await mkdtemp(join(tmpdir(), "bosun-console-"));
  const api = apiClient(t.endpoint, t.admin);
  await api.call("Bosun.CreateUser", {
    UserName: "ops",
    PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:*", "s3:*"], Resource: "*" }] }),
  });
  await api.call("Bosun.PutLoginProfile", { UserName: "ops", Password: password });
  // A second account, empty, whose admin signs in beside ops (the account menu's multi-session switch).
  const created = await api.call<{ Account: { AccountId: string } }>("Bosun.CreateAccount", { AccountName: "staging" });
  otherAccount = created.Account.AccountId;
  await api.call("Bosun.PutLoginProfile", { AccountId: otherAccount, UserName: "admin", Password: password });
  for (const env of ["prod", "dev"] as const) {
    const activation = await ssm.send(
      new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 1, Tags: [{ Key: "env", Value: env }] }),
    );
    nodes[env] = await registerAgentProcess(t.endpoint, join(work, env), activation);
    agents.push(startAgentProcess(join(work, env)));
  }
  await waitFor(async () => {
    const list = (await ssm.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList ?? [];
    return list.length === 2 && list.every((n) => n.PingStatus === "Online");
  }, 20_000);
  // The agents gather their inventory as State Manager tells them: one association on every node, run at creation.
  const association = await ssm.send(
    new CreateAssociationCommand({
      Name: "AWS-GatherSoftwareInventory",
      AssociationName: "inventory",
      Targets: [{ Key: "InstanceIds", Values: ["*"] }],
    }),
  );
  associationId = association.AssociationDescription?.AssociationId ?? "";
  await waitFor(async () => (await applicationsOf(nodes.prod)).length > 0 && (await applicationsOf(nodes.dev)).length > 0, 120_000);
  // One command already run, for the home page's count of commands by status (association runs are not commands).
  const sent = await ssm.send(
    new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [nodes.dev], Parameters: { commands: ["true"] } }),
  );
  await commandReaches(ssm, sent.Command?.CommandId ?? "", ["Success"]);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") browserErrors.push(message.text());
  });
  page.on("pageerror", (error) => browserErrors.push(String(error)));
});

let step = 0;
afterEach(async (context) => {
  // Where each step left the browser: the first thing to look at when one fails (and, in the report, what it showed).
  if (page) await page.screenshot({ path: join(screenshots, "steps", `${String(++step).padStart(2, "0")}.png`), fullPage: true });
  if (!context.passed && page) context.diagnostic(await whatThePageShows(page, t?.logText()));
});

after(async () => {
  await browser?.close();
  for (const agent of agents) if (agent.exitCode === null && agent.signalCode === null) agent.kill("SIGTERM");
  await Promise.all(agents.map(exited));
  await t?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("web console", { skip }, () => {
  it("refuses a wrong password with the server's error, then signs in", async () => {
    await page.goto(t.endpoint);
    await page.locator('input[aria-label="Account ID"]').fill(t.accountId);
    await page.locator('input[aria-label="User name"]').fill("ops");
    await page.locator('input[aria-label="Password"]').fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("The account, user name or password is not right.").waitFor();
    await page.screenshot({ path: join(screenshots, "sign-in-error.png") });
    // Chromium logs the refused sign-in (a 400, as AWS answers AccessDeniedException) as a failed load: expected.
    assert.deepEqual(
      browserErrors.filter((e) => !/status of 400/.test(e)),
      [],
    );
    browserErrors.length = 0;
    await page.locator('input[aria-label="Password"]').fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Home" }).waitFor({ timeout: 20_000 });
  });

  it("draws the fleet on the home page, each category a link to its list", async () => {
    const online = page.getByRole("link", { name: "2 nodes: Online" });
    await online.waitFor({ timeout: 20_000 });
    await page.getByRole("link", { name: /^2 nodes: AWS:Application$/ }).waitFor();
    // The command the association sent at creation (commands in the last 24 hours include State Manager's).
    await page.getByRole("link", { name: /^\d+ commands: Success$/ }).waitFor();
    assert.ok((await page.locator("svg").count()) >= 5, "a chart per widget");
    await shot("home");
    await online.click();
    await page.getByRole("heading", { name: /Managed nodes/ }).waitFor();
    await page.getByText(nodes.dev).waitFor();
  });

  it("lists the managed nodes with their tags and ping status", async () => {
    await page.getByText(nodes.dev).waitFor();
    assert.equal(await page.locator("table tbody tr").count(), 2);
    assert.equal(await page.getByText("Online", { exact: true }).count(), 2);
    await page.getByRole("heading", { name: /Managed nodes/ }).waitFor();
    await page.screenshot({ path: join(screenshots, "managed-nodes.png"), fullPage: true });
  });

  it("filters nodes by a tag and exports what is shown as CSV", async () => {
    const filter = page.locator('input[placeholder="Filter nodes by any field or tag"]');
    await filter.fill("tag:env = prod");
    await filter.press("Enter");
    await waitFor(async () => (await page.getByText(nodes.dev).count()) === 0, 10_000);
    assert.equal(await page.locator("table tbody tr").count(), 1);
    await page.screenshot({ path: join(screenshots, "managed-nodes-filtered.png"), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    const csv = await readFile((await download.path()) ?? "", "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines.length, 2, "the header and the one node shown");
    assert.ok(lines[0]?.startsWith("Node ID,Name,Computer name,Ping status"), lines[0]);
    assert.ok(lines[1]?.startsWith(`${nodes.prod},`));
    assert.ok(lines[1]?.endsWith(",prod"), "the tag column");
  });

  it("runs a command from a form made of the document's parameters and shows its output live", async () => {
    await page.getByRole("link", { name: "Run Command", exact: true }).click();
    await page.getByRole("heading", { name: /Commands/ }).waitFor();
    await page.getByRole("link", { name: "Run command", exact: true }).click();
    const commands = page.locator('textarea[aria-label="commands"]');
    await commands.waitFor();
    assert.equal(await page.locator('input[aria-label="executionTimeout"]').inputValue(), "3600", "the document's default");
    await commands.fill("echo hello-from-the-console\nuname -s");
    await chooseOption(page, "Nodes", new RegExp(nodes.prod));
    // Bad input is the API's to judge, and its error is shown at the field it is about.
    await page.locator('input[aria-label="Timeout (seconds)"]').fill("5");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByText(/^1 validation error detected: .*'timeoutSeconds' failed to satisfy constraint/).waitFor();
    await shot("run-command-error");
    // Chromium logs the refused call (400) as a failed resource load: that one is expected, and only that one.
    assert.deepEqual(browserErrors, ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    browserErrors.length = 0;
    await page.locator('input[aria-label="Timeout (seconds)"]').fill("600");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: /^Command / }).waitFor();
    const output = page.getByTestId(`output-${nodes.prod}`);
    await output.waitFor({ timeout: 30_000 });
    await waitFor(async () => /hello-from-the-console\s+Linux/.test((await output.textContent()) ?? ""), 30_000);
    await page.getByText("1 of 1 nodes finished").waitFor({ timeout: 20_000 });
    await shot("command-output");
  });

  it("opens a node: overview, tags edited in place, inventory searched, its commands and associations", async () => {
    await go("#/nodes");
    await page.getByRole("link", { name: nodes.prod }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByRole("button", { name: "Add new tag" }).click();
    await page.locator('input[placeholder="Enter key"]').last().fill("team");
    await page.locator('input[placeholder="Enter value"]').last().fill("blue");
    await page.getByRole("button", { name: "Save tags" }).click();
    await page.getByText("Tags saved.").waitFor();
    const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: nodes.prod }));
    assert.deepEqual((tags.TagList ?? []).map((t) => `${t.Key}=${t.Value}`).sort(), ["env=prod", "team=blue"]);
    await page.getByRole("tab", { name: "Application" }).click();
    const search = page.locator('input[placeholder="Search aws:application"]');
    await search.fill("openssl");
    await page.getByRole("cell", { name: "openssl", exact: true }).first().waitFor();
    await shot("node-inventory");
    await page.getByRole("tab", { name: "Associations" }).click();
    await page.getByRole("cell", { name: "AWS-GatherSoftwareInventory" }).waitFor();
    await page.getByRole("tab", { name: "Commands" }).click();
    await page.getByRole("cell", { name: "AWS-RunShellScript" }).waitFor();
    await shot("node-commands");
  });

  it("creates a SecureString that stays hidden until revealed, browses to it and labels a version", async () => {
    await page.getByRole("link", { name: "Parameter Store" }).click();
    await page.getByRole("link", { name: "Create parameter" }).click();
    await page.locator('input[aria-label="Name"]').fill("/app/db/password");
    await page.getByRole("radio", { name: /SecureString/ }).check();
    await page.locator('textarea[aria-label="Value"]').fill(secret);
    await page.getByRole("button", { name: "Create parameter" }).click();
    const value = page.getByTestId("parameter-value");
    await value.waitFor();
    assert.equal(await value.textContent(), "••••••••");
    assert.equal(await page.getByText(secret).count(), 0, "the value is not on the page before it is revealed");
    const stored = await ssm.send(new GetParameterCommand({ Name: "/app/db/password", WithDecryption: true }));
    assert.equal(stored.Parameter?.Value, secret);
    assert.equal(stored.Parameter?.Type, "SecureString");
    await shot("parameter-hidden");
    await page.getByRole("button", { name: "Show value" }).click();
    await waitFor(async () => (await value.textContent()) === secret, 10_000);
    await shot("parameter-revealed");
    await page.getByRole("button", { name: "Hide value" }).click();
    await waitFor(async () => (await value.textContent()) === "••••••••", 10_000);
    await page.getByRole("radio", { name: "Version 1" }).check();
    await page.locator('input[aria-label="Label"]').fill("production");
    await page.getByRole("button", { name: "Attach label" }).click();
    await page.getByRole("cell", { name: "production" }).waitFor();
    await go("#/parameters");
    await page.getByRole("link", { name: "/app" }).click();
    await page.getByRole("link", { name: "/app/db" }).click();
    await page.getByRole("link", { name: "/app/db/password" }).waitFor();
    await shot("parameters-hierarchy");
  });

  it("searches the fleet's inventory by version and exports the results as CSV", async () => {
    await page.getByRole("link", { name: "Inventory" }).click();
    await page.locator('input[aria-label="Key 1"]').fill("AWS:Application.Name");
    await page.keyboard.press("Escape");
    await page.locator('input[aria-label="Values 1"]').fill("openssl");
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.locator('input[aria-label="Key 2"]').fill("AWS:Application.Version");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Operator 2" }).click();
    await page.getByRole("option", { name: /^>/ }).click();
    await page.locator('input[aria-label="Values 2"]').fill("1.1");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("heading", { name: /Results/ }).waitFor();
    await page.getByRole("link", { name: nodes.dev }).waitFor();
    assert.equal(await page.locator("table tbody tr").count(), 2);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    const csv = (await readFile((await download.path()) ?? "", "utf8")).trim().split("\n");
    assert.equal(csv.length, 3, "the header and both nodes");
    assert.ok(csv[0]?.startsWith("Node ID,Computer name,Ping status,Platform,Platform version,"));
    assert.ok(csv.slice(1).every((line) => line.includes(",openssl,")));
    // The version chart counts both nodes on the one openssl version this machine has.
    await page.getByRole("link", { name: /^2 nodes: \d/ }).waitFor();
    await shot("inventory-search");
  });

  it("shows an association's status per node and applies it now", async () => {
    await go("#/associations");
    await page.getByRole("link", { name: associationId }).click();
    await page.getByRole("heading", { name: /Status per node/ }).waitFor();
    await page.getByRole("link", { name: nodes.prod }).waitFor();
    await page.getByRole("link", { name: nodes.dev }).waitFor();
    const before = (await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId }))).AssociationExecutions ?? [];
    await page.getByRole("button", { name: "Apply association now" }).click();
    await waitFor(
      async () =>
        ((await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId }))).AssociationExecutions ?? []).length >
        before.length,
      30_000,
    );
    await shot("association");
  });

  it("edits a parameter into a new version and deletes it", async () => {
    await go(`#/parameters/${encodeURIComponent("/app/db/password")}`);
    await page.getByRole("link", { name: "Edit" }).click();
    const value = page.locator('textarea[aria-label="Value"]');
    await waitFor(async () => (await value.inputValue()) === secret, 10_000);
    await value.fill(`${secret}-2`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("cell", { name: "2", exact: true }).waitFor();
    const stored = await ssm.send(new GetParameterCommand({ Name: "/app/db/password", WithDecryption: true }));
    assert.equal(stored.Parameter?.Version, 2);
    assert.equal(stored.Parameter?.Value, `${secret}-2`);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: /^Parameters/ }).waitFor();
    await page.getByText("No parameters here").waitFor();
  });

  it("shows the buckets the account owns and edits who else may write to one, at 1440 and 800 pixels", async () => {
    // The account owns a bucket once a command first writes its output there.
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: "AWS-RunShellScript",
        InstanceIds: [nodes.dev],
        Parameters: { commands: ["echo owned"] },
        OutputS3BucketName: "console-output",
      }),
    );
    await commandReaches(ssm, sent.Command?.CommandId ?? "", ["Success"]);
    const api = apiClient(t.endpoint, t.admin);
    await go("#/buckets");
    await page.getByRole("link", { name: "console-output" }).waitFor();
    await page.getByText("This account only").waitFor();
    for (const width of [1440, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await shot(`buckets-${width}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.getByRole("link", { name: "console-output" }).click();
    await page.getByRole("heading", { name: "console-output" }).waitFor();
    await page.locator('input[placeholder="o-abc123defg"]').fill("o-abcdefghij");
    await page.getByRole("button", { name: "Write the policy" }).click();
    const policy = page.locator("textarea");
    await waitFor(async () => (await policy.inputValue()).includes("o-abcdefghij"), 10_000);
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("The policy was saved.").waitFor();
    const stored = await api.call<{ Policy?: string }>("Bosun.GetBucketPolicy", { Bucket: "console-output" });
    assert.match(stored.Policy ?? "", /"aws:PrincipalOrgID":\s*"o-abcdefghij"/);
    for (const width of [1440, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await shot(`bucket-policy-${width}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    // A policy Bosun cannot read is refused with the API's error, as it came.
    await policy.fill('{"Statement": []}');
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("ValidationException").waitFor();
    assert.deepEqual(browserErrors, ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    browserErrors.length = 0;
    await page.getByRole("button", { name: "Remove policy" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await page.getByText("The policy was removed").waitFor();
    assert.equal((await api.call<{ Policy?: string }>("Bosun.GetBucketPolicy", { Bucket: "console-output" })).Policy, undefined);
  });

  it("signs in to a second account beside the first and switches between them", async () => {
    await go("#/nodes");
    await page.getByText(nodes.prod).waitFor();
    await page.getByRole("button", { name: `Account: ops @ ${t.accountId}` }).click();
    await page.getByRole("menuitem", { name: "Sign in to another account" }).click();
    await page.getByRole("heading", { name: "Sign in to another account" }).waitFor();
    await page.locator('input[aria-label="Account ID"]').fill(otherAccount);
    await page.locator('input[aria-label="User name"]').fill("admin");
    await page.locator('input[aria-label="Password"]').fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The other account has no nodes: its keys see only its own.
    await page.getByText("No managed nodes").waitFor({ timeout: 20_000 });
    assert.equal(await page.getByText(nodes.prod).count(), 0);
    await shot("second-account");
    await page.getByRole("button", { name: `Account: admin @ ${otherAccount}` }).click();
    await page.getByRole("menuitem", { name: `ops @ ${t.accountId}` }).click();
    await page.getByText(nodes.prod).waitFor({ timeout: 20_000 });
    // Signing out ends the active session only: the other account's session is what remains.
    await page.getByRole("button", { name: `Account: ops @ ${t.accountId}` }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.getByText("No managed nodes").waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: `Account: admin @ ${otherAccount}` }).waitFor();
  });

  it("logged no errors in the browser console after signing in", () => {
    assert.deepEqual(browserErrors, []);
  });
});
