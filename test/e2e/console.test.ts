/**
 * @module The web console in a real browser (Debian's Chromium driven by playwright-core) against a real server with
 * real agents: sign in with a console password, see the managed nodes with their tags, filter them by a tag, and
 * export what is shown as CSV — with no browser console errors. Screenshots go to test-results/console/ for a
 * person to look at. Skipped only where Chromium is not installed (`.ci/run` installs it).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateActivationCommand, DescribeInstanceInformationCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { type Browser, chromium, type Page } from "playwright-core";
import { consoleAssetsDir } from "../../src/server/console-routes.ts";
import { type AgentProcess, exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { apiClient } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const chromiumPath = "/usr/bin/chromium";
const skip = !existsSync(chromiumPath)
  ? "Debian's chromium is not installed (apt-get install -y chromium)"
  : !existsSync(join(consoleAssetsDir, "index.html"))
    ? "the console is not built (npm run build)"
    : false;
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

before(async () => {
  if (skip) return;
  await mkdir(screenshots, { recursive: true });
  t = await startTestServer({ heartbeatIntervalMs: 1000 });
  ssm = t.ssm();
  work = await mkdtemp(join(tmpdir(), "bosun-console-"));
  const api = apiClient(t.endpoint, t.admin);
  await api.call("Bosun.CreateUser", {
    UserName: "ops",
    PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:*", Resource: "*" }] }),
  });
  await api.call("Bosun.PutLoginProfile", { UserName: "ops", Password: password });
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
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") browserErrors.push(message.text());
  });
  page.on("pageerror", (error) => browserErrors.push(String(error)));
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
    // Chromium logs the refused sign-in (401) as a failed resource load: that one is expected.
    assert.deepEqual(
      browserErrors.filter((e) => !/status of 401/.test(e)),
      [],
    );
    browserErrors.length = 0;
    await page.locator('input[aria-label="Password"]').fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText(nodes.prod).waitFor({ timeout: 20_000 });
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
    assert.ok(lines[0]?.startsWith("Node ID,Computer name,Ping status"));
    assert.ok(lines[1]?.startsWith(`${nodes.prod},`));
    assert.ok(lines[1]?.endsWith(",prod"), "the tag column");
  });

  it("logged no errors in the browser console after signing in", () => {
    assert.deepEqual(browserErrors, []);
  });
});
