/**
 * @module Console traps (issue 16), each driven in a real browser (Debian's Chromium, playwright-core) against a real
 * server: a multi-line SecureString keeps its newlines and an untouched one stays byte-identical; Enter searches and
 * never removes a condition or sends a command; an unknown location says so; "All accounts" errors show their
 * message; every page has its own title. Screenshots at 1440 and 800 px go to test-results/console-traps/.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import {
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  CreateAssociationCommand,
  DescribeAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SendCommandCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import type { Browser, Page } from "playwright-core";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient } from "../kit/api-call.ts";
import {
  browserSkip,
  checkAccessibility,
  chooseOption,
  launchChromium,
  screenshotsWideAndNarrow,
  signIn,
  whatThePageShows,
} from "../kit/browser.ts";
import { commandReaches, type Fleet, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const skip = browserSkip;
const screenshots = new URL("../../test-results/console-traps/", import.meta.url).pathname;
const password = "console traps password";
const pem =
  "-----BEGIN PRIVATE KEY-----\r\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6\r\nAgEAAkEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0\r\n-----END PRIVATE KEY-----\r\n";

let t: TestServer;
let ssm: SSMClient;
let work = "";
/** The node registered by the cancel test, whose agent never runs. */
let stoppedNode = "";
let browser: Browser;
let page: Page;
/** One online node ("web", tagged Name=web-1) with a running agent. */
let fleet: Fleet;
/** The API actions the browser called, in order (X-Amz-Target). */
const calls: string[] = [];

const go = (hash: string) =>
  page.evaluate((h) => {
    window.location.hash = h;
  }, hash);

/** Screenshots of the page as it is, wide and narrow. */
const shots = (name: string) => screenshotsWideAndNarrow(page, screenshots, name);

/** The text a form field's input is described by (its constraint and, after a refusal, its error). */
async function describedText(selector: string): Promise<string> {
  const ids = ((await page.locator(selector).getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" | ");
}

/** A browser window of its own (own session storage), signed in as `user`, at `hash`. */
async function signedInWindow(user: string, hash: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const fresh = await context.newPage();
  await fresh.goto(t.endpoint);
  await signIn(fresh, t.accountId, user, password);
  await fresh.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  return { context, page: fresh };
}

before(async () => {
  if (skip) return;
  await mkdir(screenshots, { recursive: true });
  t = await startTestServer();
  ssm = t.ssm();
  work = await mkdtemp(join(tmpdir(), "bosun-console-traps-"));
  const api = apiClient(t.endpoint, t.admin);
  await api.call("Bosun.CreateUser", {
    UserName: "ops",
    PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
  });
  await api.call("Bosun.PutLoginProfile", { UserName: "ops", Password: password });
  await ssm.send(new PutParameterCommand({ Name: "/traps/pem", Value: pem, Type: "SecureString", Description: "first" }));
  fleet = await startFleet(t, ssm, { web: { Name: "web-1" } });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.on("request", (request) => {
    const target = request.headers()["x-amz-target"];
    if (target) calls.push(target);
  });
  await page.goto(t.endpoint);
  await signIn(page, t.accountId, "ops", password);
});

after(async () => {
  await browser?.close();
  await fleet?.stop();
  ssm?.destroy();
  await t?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

// A step that failed reports what the browser showed and what the server warned about.
afterEach(async (context) => {
  if (!context.passed && page) context.diagnostic(await whatThePageShows(page, t?.logText()));
});

describe("console traps", { skip }, () => {
  it("keeps an untouched multi-line SecureString byte-identical when only its description is edited", async () => {
    await go("#/parameter-edit/%2Ftraps%2Fpem");
    const description = page.locator('input[aria-label="Description"]');
    await waitFor(async () => (await description.inputValue()) === "first", 20_000);
    assert.ok(await page.locator(".bosun-masked textarea[aria-label='Value']").isVisible(), "the value is masked until shown");
    await description.fill("rotated in November");
    await shots("parameter-edit-secure");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "/traps/pem", exact: true }).waitFor();
    const saved = await ssm.send(new GetParameterCommand({ Name: "/traps/pem", WithDecryption: true }));
    assert.equal(saved.Parameter?.Version, 2);
    assert.equal(saved.Parameter?.Value, pem, "CRLF line ends and the final newline kept exactly");
  });

  it("creates a SecureString from a pasted multi-line value without losing a newline", async () => {
    await go("#/parameter-edit?path=%2Ftraps");
    await page.locator('input[aria-label="Name"]').fill("/traps/cert");
    await page.getByText("SecureString", { exact: true }).click();
    const lines = "line one\nline two\n\nline four";
    await page.locator('textarea[aria-label="Value"]').fill(lines);
    await page.getByRole("button", { name: "Create parameter" }).click();
    await page.getByRole("heading", { name: "/traps/cert", exact: true }).waitFor();
    const saved = await ssm.send(new GetParameterCommand({ Name: "/traps/cert", WithDecryption: true }));
    assert.equal(saved.Parameter?.Value, lines);
  });

  it("runs a fleet search on Enter and keeps the condition; Add condition searches nothing", async () => {
    await go("#/inventory");
    const key = page.locator('input[aria-label="Key 1"]');
    await key.waitFor();
    await key.fill("PingStatus");
    await page.locator('input[aria-label="Values 1"]').fill("Online");
    calls.length = 0;
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.locator('input[aria-label="Key 2"]').waitFor();
    assert.deepEqual(
      calls.filter((c) => c === "Bosun.SearchInventory"),
      [],
      "adding a condition runs no search",
    );
    await page.getByRole("button", { name: "Remove condition 2" }).click();
    await page.locator('input[aria-label="Values 1"]').press("Enter");
    await waitFor(() => calls.includes("Bosun.SearchInventory"), 20_000);
    assert.equal(await page.locator('input[aria-label="Values 1"]').inputValue(), "Online", "the condition is still there");
    await shots("inventory-enter");
  });

  it("never sends a command on Enter in a one-line field of the Run Command form", async () => {
    await go("#/run-command");
    const comment = page.locator('input[aria-label="Comment"]');
    await comment.waitFor();
    calls.length = 0;
    await comment.fill("restart nginx");
    await comment.press("Enter");
    await page.locator('input[aria-label="Concurrency"]').press("Enter");
    // Give a submit the time it would take to reach the server: the page is still the form and nothing was sent.
    await page.waitForTimeout(500);
    assert.ok(!calls.includes("AmazonSSM.SendCommand"), calls.join(", "));
    assert.ok(await page.getByRole("heading", { name: "Run a command" }).isVisible());
    await shots("run-command-form");
  });

  it("shows Run Command's refusals at their fields: no node chosen, a concurrency the API refuses", async () => {
    await go("#/run-command");
    await page.locator('input[aria-label="Concurrency"]').waitFor();
    calls.length = 0;
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByText("Choose at least one node.").waitFor();
    assert.ok(!calls.includes("AmazonSSM.SendCommand"), "nothing is sent without a target");
    await chooseOption(page, "Nodes", new RegExp(fleet.node("web").id));
    await page.locator('input[aria-label="Concurrency"]').fill("lots");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await waitFor(async () => (await describedText('input[aria-label="Concurrency"]')).includes("maxConcurrency"), 20_000);
    await shots("run-command-field-error");
  });

  it("shows the message of an All accounts error, not only its name", async () => {
    await go("#/inventory");
    await page.getByText("All accounts of the organization").click();
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("only an organization's management account or a delegated administrator", { exact: false }).waitFor();
    await shots("inventory-all-accounts-error");
  });

  it("says when a location does not exist, and gives each page its own title", async () => {
    await go("#/no-such-page");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    assert.equal(await page.title(), "Page not found | Bosun");
    await shots("not-found");
    for (const [hash, title] of [
      ["#/parameters", "Parameter Store | Bosun"],
      ["#/parameters/%2Ftraps%2Fpem", "/traps/pem · Parameter Store | Bosun"],
      ["#/nodes", "Managed nodes | Bosun"],
      ["#/home", "Home | Bosun"],
    ] as const) {
      await go(hash);
      await waitFor(async () => (await page.title()) === title, 10_000);
    }
  });

  it("asks before cancelling a command, then shows it ended Cancelled: no green Progress, no Pending step", async () => {
    // A node that registered but whose agent is not running: the command waits for it until cancelled.
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 1 }));
    const node = await registerAgentProcess(t.endpoint, join(work, "stopped"), activation);
    const sent = await ssm.send(
      new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [node], Parameters: { commands: ["uptime"] } }),
    );
    const commandId = sent.Command?.CommandId ?? "";
    await go(`#/commands/${commandId}`);
    const cancel = page.getByRole("button", { name: "Cancel command" });
    await cancel.waitFor();
    // The page says why the command waits: the node is offline.
    await page.getByText("1 of 1 nodes are offline (Delayed)").waitFor({ timeout: 60_000 });
    calls.length = 0;
    await cancel.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Nodes that have not started it will not run it").waitFor();
    assert.ok(!calls.includes("AmazonSSM.CancelCommand"), "nothing is cancelled before the confirmation");
    await shots("cancel-confirmation");
    await dialog.getByRole("button", { name: "Keep it running" }).click();
    await cancel.click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel command" }).click();
    await waitFor(() => calls.includes("AmazonSSM.CancelCommand"), 10_000);
    await page.getByText("Cancelled", { exact: true }).first().waitFor();
    const progress = page.locator('[data-testid="command-progress"]');
    await waitFor(async () => ((await progress.textContent()) ?? "").includes("Cancelled"), 20_000);
    const html = await progress.innerHTML();
    assert.ok(html.includes("status-error") && !html.includes("status-success"), "a cancelled command's Progress is not green");
    // The node's output section (open or closed) says the step never ran, under the invocation's own status.
    await page.getByText(`${node} — Cancelled`).waitFor();
    await page.getByText("did not run").first().waitFor({ state: "attached" });
    assert.equal(await page.getByText("response code -1").count(), 0);
    await shots("command-cancelled");
    stoppedNode = node;
  });

  it("names each node by its Name tag and shows when it was last heard from", async () => {
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: "ManagedInstance",
        ResourceId: stoppedNode,
        Tags: [{ Key: "Name", Value: "billing-1" }],
      }),
    );
    await go("#/nodes");
    const row = page.locator("table tbody tr").filter({ hasText: stoppedNode });
    await row.waitFor();
    await waitFor(async () => ((await row.textContent()) ?? "").includes("billing-1"), 20_000).catch(async () => {
      throw new Error(`the row reads: ${await row.textContent()}`);
    });
    await page.getByRole("columnheader", { name: "Last ping" }).waitFor();
    await shots("managed-nodes");
  });

  it("keeps the nodes table inside 1440 px, its filter in the location and its columns across visits; acts on selected nodes", async () => {
    const web = fleet.node("web").id;
    calls.length = 0;
    await go("#/nodes?filter=Name%3Dweb-1");
    const rows = page.locator("table tbody tr");
    await rows.filter({ hasText: web }).waitFor();
    await waitFor(async () => (await rows.count()) === 1, 20_000);
    // Tags come in pages of nodes (GetInventory of AWS:Tag), not one ListTagsForResource per node.
    assert.equal(calls.filter((c) => c === "AmazonSSM.ListTagsForResource").length, 0, calls.join(", "));
    const fits = await page.evaluate(() => {
      const wrapper = document.querySelector("table")?.parentElement;
      return wrapper ? wrapper.scrollWidth <= wrapper.clientWidth : false;
    });
    assert.ok(fits, "no horizontal scrolling at 1440 px");
    // A filter typed in the box is written to the location, so the list can be shared as a link.
    await page.getByRole("button", { name: "Clear filters" }).click();
    const box = page.getByPlaceholder("Filter nodes by any field or tag");
    await box.fill("Ping status = Online");
    await box.press("Enter");
    await waitFor(async () => (await page.evaluate(() => window.location.hash)) === "#/nodes?filter=PingStatus%3DOnline", 10_000).catch(
      async (e) => {
        throw new Error(`${e}: the location is ${await page.evaluate(() => window.location.hash)}`);
      },
    );
    // Columns chosen once are kept: hide the IP address, come back, it stays hidden.
    await page.getByRole("button", { name: "Preferences" }).click();
    await page.getByRole("dialog").getByText("IP address", { exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    await go("#/home");
    await page.getByRole("heading", { name: "Home" }).waitFor();
    await go("#/nodes");
    await rows.filter({ hasText: web }).waitFor();
    assert.equal(await page.getByRole("columnheader", { name: "IP address" }).count(), 0, "the hidden column stays hidden");
    await page.getByRole("columnheader", { name: "Tags" }).waitFor();
    // Selected nodes: Run command opens the form with them chosen.
    await page.getByRole("checkbox", { name: `Node ${web}` }).click();
    await shots("managed-nodes-selected");
    await page.getByRole("button", { name: "Node actions" }).click();
    await page.getByRole("menuitem", { name: "Run command" }).click();
    await page.getByRole("heading", { name: "Run a command" }).waitFor();
    await page.getByText(web).first().waitFor();
    // Deregister asks first, then removes the node.
    await go("#/nodes");
    await rows.filter({ hasText: stoppedNode }).waitFor();
    await page.getByRole("checkbox", { name: `Node ${stoppedNode}` }).click();
    await page.getByRole("button", { name: "Node actions" }).click();
    await page.getByRole("menuitem", { name: "Deregister" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Deregister" }).click();
    await waitFor(() => calls.includes("AmazonSSM.DeregisterManagedInstance"), 10_000);
    await waitFor(async () => (await rows.filter({ hasText: stoppedNode }).count()) === 0, 20_000);
  });

  it("loads a node's page with one inventory question per 15 types, not one listing per type", async () => {
    const web = fleet.node("web").id;
    calls.length = 0;
    await go(`#/nodes/${web}`);
    await page.getByRole("tab", { name: "InstanceInformation" }).waitFor();
    await page.getByRole("tab", { name: "Tag" }).waitFor();
    const listings = calls.filter((c) => c === "AmazonSSM.ListInventoryEntries").length;
    assert.ok(listings <= 1, `${listings} ListInventoryEntries calls (only the open tab's)`);
    assert.ok(calls.filter((c) => c === "AmazonSSM.GetInventory").length <= 3, calls.join(", "));
  });

  it("searches every level of Parameter Store from the root, and a delete lands on the parameter's own level", async () => {
    await go("#/parameters");
    const search = page.getByPlaceholder("Search parameters");
    await search.waitFor();
    await search.fill("pem");
    await page.getByRole("link", { name: "/traps/pem" }).waitFor();
    await shots("parameters-search");
    await go("#/parameters/%2Ftraps%2Fcert");
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "Parameters under /traps" }).waitFor();
    assert.match(await page.evaluate(() => window.location.hash), /path=%2Ftraps$/);
  });

  it("can be used from the keyboard: a refused sign-in is announced, focus lands on the page, a skip link leads there", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const fresh = await context.newPage();
    await fresh.goto(t.endpoint);
    await fresh.locator('input[aria-label="Account ID"]').fill(t.accountId);
    await fresh.keyboard.press("Tab");
    await fresh.keyboard.type("ops");
    await fresh.keyboard.press("Tab");
    await fresh.keyboard.type("wrong password");
    await fresh.keyboard.press("Enter");
    const alert = fresh.getByRole("alert").filter({ hasText: "The account, user name or password is not right." });
    await alert.waitFor();
    assert.equal(await alert.getAttribute("aria-live"), "assertive", "the refusal is announced");
    await fresh.locator('input[aria-label="Password"]').fill(password);
    await fresh.keyboard.press("Enter");
    await fresh.getByRole("heading", { name: "Home" }).waitFor();
    await waitFor(async () => (await fresh.evaluate(() => document.activeElement?.id)) === "main-content", 10_000);
    // On a fresh load the first Tab reaches the skip link, and Enter on it moves focus to the page.
    await fresh.reload();
    await fresh.getByRole("heading", { name: "Home" }).waitFor();
    await fresh.keyboard.press("Tab");
    assert.equal(await fresh.evaluate(() => document.activeElement?.textContent), "Skip to main content");
    await fresh.keyboard.press("Enter");
    assert.equal(await fresh.evaluate(() => document.activeElement?.id), "main-content");
    await context.close();
  });

  it("searches the fleet and runs a command from the keyboard alone", async () => {
    const web = fleet.node("web").id;
    /** Presses Tab until the focused element matches a selector (or reads a text), as a keyboard user moves on. */
    const tabTo = async (target: string | { text: string }, limit = 80) => {
      for (let i = 0; i < limit; i++) {
        const reached = await page.evaluate((t) => {
          const focused = document.activeElement;
          return typeof t === "string" ? (focused?.matches(t) ?? false) : focused?.textContent?.trim() === t.text;
        }, target);
        if (reached) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`Tab never reached ${JSON.stringify(target)}`);
    };
    await go("#/inventory");
    await page.locator('input[aria-label="Key 1"]').waitFor();
    await page.evaluate(() => document.getElementById("main-content")?.focus());
    await tabTo('input[aria-label="Key 1"]');
    await page.keyboard.type("InstanceId");
    await tabTo('input[aria-label="Values 1"]');
    await page.keyboard.type(web);
    calls.length = 0;
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: web }).first().waitFor();
    assert.ok(calls.includes("Bosun.SearchInventory"), "Enter searched");

    await go("#/run-command");
    const commands = page.locator('textarea[aria-label="commands"]');
    await commands.waitFor();
    await page.evaluate(() => document.getElementById("main-content")?.focus());
    await tabTo('textarea[aria-label="commands"]');
    await page.keyboard.type("echo typed-at-the-keyboard");
    // The next button that opens a list after the commands is the Nodes multiselect.
    await tabTo("button[aria-haspopup]");
    await page.keyboard.press("Enter");
    await page.keyboard.type(web);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await page.getByText(web).first().waitFor();
    await tabTo({ text: "Run" });
    calls.length = 0;
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: /^Command / }).waitFor();
    assert.ok(calls.includes("AmazonSSM.SendCommand"));
    await waitFor(async () => ((await page.getByTestId(`output-${web}`).textContent()) ?? "").includes("typed-at-the-keyboard"), 30_000);
  });

  it("starts with the side navigation closed in an 800-pixel window, and open in a wide one", async () => {
    const narrow = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page800 = await narrow.newPage();
    await page800.goto(t.endpoint);
    await signIn(page800, t.accountId, "ops", password);
    await page800.getByRole("button", { name: "Open navigation" }).waitFor();
    assert.equal(await page800.getByRole("link", { name: "Parameter Store" }).count(), 0, "the navigation's links are hidden");
    await page800.screenshot({ path: join(screenshots, "home-800.png"), fullPage: true });
    await narrow.close();
    // A wide window of its own (the shared page carries what earlier steps did with its navigation).
    const wide = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page1440 = await wide.newPage();
    await page1440.goto(t.endpoint);
    await signIn(page1440, t.accountId, "ops", password);
    await page1440.getByRole("link", { name: "Parameter Store" }).waitFor();
    await wide.close();
  });

  it("shows what a command ran and its whole output, and Run another fills the form from it", async () => {
    const web = fleet.node("web").id;
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: "AWS-RunShellScript",
        InstanceIds: [web],
        Parameters: { commands: ["echo start", "seq 1 3000"] },
        Comment: "long output",
        MaxConcurrency: "3",
      }),
    );
    const commandId = sent.Command?.CommandId ?? "";
    await commandReaches(ssm, commandId, ["Success"]);
    await go(`#/commands/${commandId}`);
    await page.getByTestId("parameter-commands").waitFor();
    assert.equal(await page.getByTestId("parameter-commands").textContent(), "echo start\nseq 1 3000", "the script as it ran");
    // The list's output is cut at 2,500 characters; the whole (up to 24,000) is one click away.
    const cut = (await page.getByTestId(`output-${web}`).textContent()) ?? "";
    assert.ok(cut.endsWith("--output truncated--") && !cut.includes("\n3000"), cut.slice(-80));
    await page.getByRole("button", { name: `Show the full output of runShellScript on ${web}` }).click();
    const full = page.getByTestId(`full-output-${web}`);
    await full.waitFor();
    assert.ok(((await full.textContent()) ?? "").endsWith("2999\n3000\n"), "every line of the output");
    await shots("command-full-output");
    await page.getByRole("link", { name: "Run another" }).click();
    await page.getByText(`Filled in from command ${commandId}`).waitFor();
    const commands = page.locator('textarea[aria-label="commands"]');
    await waitFor(async () => (await commands.inputValue()) === "echo start\nseq 1 3000", 20_000);
    assert.equal(await page.locator('input[aria-label="Comment"]').inputValue(), "long output");
    assert.equal(await page.locator('input[aria-label="Concurrency"]').inputValue(), "3");
    await page.getByText(web).first().waitFor();
    await shots("run-another");
  });

  it("lists the commands State Manager ran, and an association's command link opens the command", async () => {
    const web = fleet.node("web").id;
    const created = await ssm.send(
      new CreateAssociationCommand({
        Name: "AWS-RunShellScript",
        Targets: [{ Key: "InstanceIds", Values: [web] }],
        Parameters: { commands: ["echo from an association"] },
        AssociationName: "console-link",
      }),
    );
    const associationId = created.AssociationDescription?.AssociationId ?? "";
    await waitFor(async () => {
      const executions = await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId }));
      return executions.AssociationExecutions?.[0]?.Status === "Success";
    }, 30_000);
    await go(`#/associations/${associationId}`);
    const link = page.locator(`a[href^="#/commands/"]`).first();
    await link.waitFor();
    await link.click();
    await page.getByTestId("parameter-commands").waitFor();
    assert.equal(await page.getByTestId("parameter-commands").textContent(), "echo from an association");
    assert.equal(await page.getByText("InvalidCommandId").count(), 0);
    await go("#/commands");
    await page.getByRole("link", { name: `association ${associationId} version 1` }).waitFor();
    await shots("commands-with-associations");
  });

  it("creates, edits and deletes an association from a form built from its document", async () => {
    const web = fleet.node("web").id;
    await go("#/associations");
    await page.getByRole("link", { name: "Create association" }).click();
    await page.getByRole("heading", { name: "Create association" }).waitFor();
    await page.locator('input[aria-label="Association name"]').fill("traps-assoc");
    const commands = page.locator('textarea[aria-label="commands"]');
    await commands.waitFor();
    await commands.fill("echo managed by the console");
    await page.getByRole("button", { name: "Create association", exact: true }).click();
    await page.getByText("Choose at least one node.").waitFor();
    await chooseOption(page, "Nodes", new RegExp(web));
    await page.locator('input[aria-label="Schedule"]').fill("rate(30 minutes)");
    await shots("association-create");
    await page.getByRole("button", { name: "Create association", exact: true }).click();
    await page.getByRole("heading", { name: "traps-assoc", exact: true }).waitFor();
    const id = decodeURIComponent((await page.evaluate(() => window.location.hash)).replace("#/associations/", ""));
    // Parameters are a table, and an execution's nodes are counted by status in words, not JSON.
    await page.getByRole("cell", { name: "echo managed by the console" }).waitFor();
    await waitFor(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      return (await page.getByText("Success 1").count()) > 0;
    }, 30_000);
    await shots("association-details");
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("heading", { name: "Edit association traps-assoc" }).waitFor();
    await waitFor(async () => (await commands.inputValue()) === "echo managed by the console", 20_000);
    await commands.fill("echo edited");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "traps-assoc", exact: true }).waitFor();
    await page.getByRole("cell", { name: "echo edited" }).waitFor();
    const described = await ssm.send(new DescribeAssociationCommand({ AssociationId: id }));
    assert.equal(described.AssociationDescription?.AssociationVersion, "2");
    assert.deepEqual(described.AssociationDescription?.Parameters?.commands, ["echo edited"]);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "Associations" }).first().waitFor();
    await assert.rejects(ssm.send(new DescribeAssociationCommand({ AssociationId: id })), { name: "AssociationDoesNotExist" });
  });

  it("asks for a sign-in when the keys are refused, then returns to the same page", async () => {
    const { context, page: other } = await signedInWindow("ops", "#/parameters?path=%2Ftraps");
    await other.getByRole("heading", { name: "Parameters under /traps" }).waitFor();
    // The stored keys no longer sign correctly (as after a server's key change): the next call is refused.
    await other.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem("bosun.sessions") ?? "{}");
      stored.list[stored.active].credentials.secretAccessKey = "not-the-secret";
      sessionStorage.setItem("bosun.sessions", JSON.stringify(stored));
    });
    await other.reload();
    await other.getByText("Your session has ended").waitFor();
    assert.equal(await other.getByRole("alert").filter({ hasText: "InvalidSignatureException" }).count(), 0, "no API error shown");
    assert.equal(await other.locator('input[aria-label="User name"]').inputValue(), "ops", "the user is filled in");
    await other.screenshot({ path: join(screenshots, "session-ended-1440.png"), fullPage: true });
    await other.locator('input[aria-label="Password"]').fill(password);
    await other.keyboard.press("Enter");
    await other.getByRole("heading", { name: "Parameters under /traps" }).waitFor();
    assert.match(await other.evaluate(() => window.location.hash), /^#\/parameters\?path=%2Ftraps$/);
    await context.close();
  });

  it("follows a dark colour scheme, and an empty Region's charts say they are empty", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "dark" });
    const dark = await context.newPage();
    await dark.goto(t.endpoint);
    await signIn(dark, t.accountId, "ops", password);
    await dark.getByRole("heading", { name: "Home" }).waitFor();
    assert.ok(await dark.evaluate(() => document.body.classList.contains("awsui-dark-mode")), "Cloudscape's dark mode is on");
    await dark.getByRole("button", { name: /^Region / }).click();
    await dark.getByRole("menuitem", { name: "eu-west-1" }).click();
    await dark.getByText("No commands in the last 24 hours").waitFor();
    assert.ok((await dark.getByText("No managed nodes").count()) >= 1);
    await dark.screenshot({ path: join(screenshots, "home-empty-dark-1440.png"), fullPage: true });
    await context.close();
    // In the fleet's Region, bar charts count in whole numbers: no tick reads 0.5.
    await go("#/home");
    await page.getByRole("heading", { name: "Home" }).waitFor();
    await page.locator("svg text").first().waitFor();
    const ticks = await page.locator("svg text").allTextContents();
    assert.ok(!ticks.some((text) => /^\d+\.\d+$/.test(text.trim())), ticks.join(" "));
    await shots("home");
  });

  it("creates a parameter with tier, policies and tags; its page shows its ARN, policies and tags; lists filter by type and tag", async () => {
    await go("#/parameter-edit?path=%2Ftraps");
    await page.locator('input[aria-label="Name"]').fill("/traps/expiring");
    await page.getByText("Advanced", { exact: true }).click();
    // Form errors appear at their field: an empty value is refused before any call.
    calls.length = 0;
    await page.getByRole("button", { name: "Create parameter" }).click();
    await page.getByText("Enter a value: a parameter cannot be empty.").waitFor();
    assert.ok(!calls.includes("AmazonSSM.PutParameter"));
    await page.locator('textarea[aria-label="Value"]').fill("short-lived");
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await page
      .locator('textarea[aria-label="Policies"]')
      .fill(JSON.stringify([{ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: expires } }]));
    await page.getByRole("button", { name: "Add new tag" }).click();
    await page.getByPlaceholder("Enter key").fill("team");
    await page.getByPlaceholder("Enter value").fill("payments");
    await shots("parameter-create-full");
    await page.getByRole("button", { name: "Create parameter" }).click();
    await page.getByRole("heading", { name: "/traps/expiring", exact: true }).waitFor();
    await page.getByText("team=payments").waitFor();
    await page.getByText("Expiration (Pending)").waitFor();
    await page.getByText(`arn:aws:ssm:us-east-1:${t.accountId}:parameter/traps/expiring`).waitFor();
    await shots("parameter-details-full");

    // The same name again is refused by the API, and the error stands at the Name field.
    await go("#/parameter-edit?path=%2Ftraps");
    await page.locator('input[aria-label="Name"]').fill("/traps/expiring");
    await page.locator('textarea[aria-label="Value"]').fill("again");
    await page.getByRole("button", { name: "Create parameter" }).click();
    // The message is the Name field's own: the input names it as its description (aria-describedby).
    await page.getByText("The parameter already exists.", { exact: false }).waitFor();
    assert.match(await describedText('input[aria-label="Name"]'), /The parameter already exists\./);

    await go("#/parameters?path=%2F&type=SecureString");
    await page.getByRole("heading", { name: "Parameters matching the filters" }).waitFor();
    await page.getByRole("link", { name: "/traps/pem" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "/traps/expiring" }).count(), 0);
    await go("#/parameters?path=%2F");
    await page.getByRole("heading", { name: "Parameters" }).first().waitFor();
    await page.locator('input[aria-label="Filter by tag"]').fill("team=payments");
    await page.locator('input[aria-label="Filter by tag"]').press("Enter");
    await waitFor(async () => (await page.evaluate(() => window.location.hash)).includes("tag=team%3Dpayments"), 10_000);
    await page.getByRole("link", { name: "/traps/expiring" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "/traps/pem" }).count(), 0);
    await shots("parameters-filtered");
  });

  it("shows a parameter's metadata to a user who may describe it but not read it", async () => {
    const api = apiClient(t.endpoint, t.admin);
    await api.call("Bosun.CreateUser", {
      UserName: "auditor",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["ssm:DescribeParameters", "ssm:ListTagsForResource"], Resource: "*" }],
      }),
    });
    await api.call("Bosun.PutLoginProfile", { UserName: "auditor", Password: password });
    const { context, page: auditor } = await signedInWindow("auditor", "#/parameters/%2Ftraps%2Fexpiring");
    await auditor.getByText("Expiration (Pending)").waitFor();
    await auditor.getByTestId("parameter-value-refused").getByText("AccessDeniedException", { exact: false }).waitFor();
    await auditor.screenshot({ path: join(screenshots, "parameter-denied-value-1440.png"), fullPage: true });
    await context.close();
  });

  it("creates a document in an editor that finds a YAML error's line, versions it, and runs it", async () => {
    await go("#/documents");
    await page.getByRole("link", { name: "Create document" }).click();
    await page.locator('input[aria-label="Document name"]').fill("Traps-Hello");
    const content = page.locator('textarea[aria-label="Content"]');
    await content.fill('schemaVersion: "2.2"\nmainSteps:\n  - action: aws:runShellScript\n    name: hi\n  inputs: [oops');
    calls.length = 0;
    await page.getByRole("button", { name: "Create document", exact: true }).click();
    await page.getByText(/Not valid YAML at line \d+/).waitFor();
    assert.ok(!calls.includes("AmazonSSM.CreateDocument"), "a document that does not parse is not sent");
    // Content that parses but breaks the schema is the API's to refuse, at the Content field.
    await content.fill('schemaVersion: "2.2"\nmainSteps: []\n');
    await page.getByRole("button", { name: "Create document", exact: true }).click();
    await waitFor(() => calls.includes("AmazonSSM.CreateDocument"), 10_000);
    // InvalidDocumentContent's message (about the steps) stands at the Content field.
    await waitFor(async () => /step/i.test(await describedText('textarea[aria-label="Content"]')), 20_000);
    await content.fill(
      'schemaVersion: "2.2"\ndescription: Say hi.\nmainSteps:\n  - action: aws:runShellScript\n    name: hi\n    inputs:\n      runCommand: [echo hi]\n',
    );
    await page.getByRole("button", { name: "Create document", exact: true }).click();
    await page.getByRole("heading", { name: "Traps-Hello", exact: true }).waitFor();
    await waitFor(async () => ((await page.getByTestId("document-content").textContent()) ?? "").includes("echo hi"), 20_000);
    await shots("document-details");
    await page.getByRole("link", { name: "Create new version" }).click();
    await page.getByRole("heading", { name: "New version of Traps-Hello" }).waitFor();
    await waitFor(async () => (await content.inputValue()).includes("echo hi"), 20_000);
    await content.fill((await content.inputValue()).replace("echo hi", "echo hi again"));
    await page.getByRole("button", { name: "Create version" }).click();
    await page.getByRole("heading", { name: "Traps-Hello", exact: true }).waitFor();
    await page.getByRole("radio", { name: "DocumentVersion 2" }).check();
    await page.getByRole("button", { name: "Set as default" }).click();
    await waitFor(async () => {
      const described = await ssm.send(new DescribeDocumentCommand({ Name: "Traps-Hello" }));
      return described.Document?.DefaultVersion === "2";
    }, 20_000);
    await page.getByRole("button", { name: "JSON" }).click();
    await waitFor(async () => ((await page.getByTestId("document-content").textContent()) ?? "").includes('"schemaVersion"'), 20_000);
    await page.getByRole("link", { name: "Run command", exact: true }).click();
    await page.getByRole("heading", { name: "Run a command" }).waitFor();
    await page.getByText("Traps-Hello").first().waitFor();
    await shots("run-command-from-document");
    // Shared with another account at $LATEST, then no longer.
    await go("#/documents/Traps-Hello");
    await page.locator('input[aria-label="Share with"]').fill("123456789012");
    await page.getByRole("button", { name: "Shared version" }).click();
    await page.getByRole("option", { name: /\$LATEST/ }).click();
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await page.getByRole("cell", { name: "123456789012", exact: true }).waitFor();
    const shared = await ssm.send(new DescribeDocumentPermissionCommand({ Name: "Traps-Hello", PermissionType: "Share" }));
    assert.deepEqual(shared.AccountSharingInfoList, [{ AccountId: "123456789012", SharedDocumentVersion: "$LATEST" }]);
    await shots("document-sharing");
    await page.getByRole("radio", { name: "Id 123456789012" }).check();
    await page.getByRole("button", { name: "Stop sharing" }).click();
    await page.getByText("Not shared with any account").waitFor();
  });

  it("creates a hybrid activation and shows its code once, with the command that uses it", async () => {
    await go("#/activations");
    await page.locator('input[aria-label="Description"]').fill("lab machines");
    await page.getByRole("button", { name: "Create activation" }).click();
    const code = page.getByTestId("activation-code");
    await code.waitFor();
    const text = (await code.textContent()) ?? "";
    const id = /Activation ID: ([0-9a-f-]{36})/.exec(text)?.[1] ?? "";
    assert.ok(id, text);
    await page.getByText(`sudo bosun agent register --server ${t.endpoint}`, { exact: false }).waitFor();
    await page.getByRole("cell", { name: "lab machines" }).waitFor();
    await shots("activations");
    await page.getByRole("button", { name: "Done" }).click();
    assert.equal(await page.getByTestId("activation-code").count(), 0, "the code is not shown again");
    await page.getByRole("radio", { name: `ActivationId ${id}` }).check();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await waitFor(async () => (await page.getByRole("cell", { name: "lab machines" }).count()) === 0, 20_000);
  });

  it("shows the organization: accounts, units with their paths, delegated administrators and syncs", async () => {
    const org = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: t.admin });
    try {
      await go("#/organization");
      await page.getByText("This account is not in an organization").waitFor();
      await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
      const root = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
      const prod = await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Prod" }));
      await org.send(new CreateOrganizationalUnitCommand({ ParentId: prod.OrganizationalUnit?.Id ?? "", Name: "Web" }));
    } finally {
      org.destroy();
    }
    await go("#/home");
    await go("#/organization");
    await page.getByRole("cell", { name: "Root/Prod/Web" }).waitFor();
    await page.getByRole("cell", { name: t.accountId }).first().waitFor();
    await page.getByText("No resource data syncs in this account and Region").waitFor();
    await shots("organization");
  });

  it("passes an accessibility check (axe-core, WCAG 2 A and AA) on every page", async () => {
    const web = fleet.node("web").id;
    const commandId =
      (
        await ssm.send(
          new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [web], Parameters: { commands: ["true"] } }),
        )
      ).Command?.CommandId ?? "";
    const association = await ssm.send(
      new CreateAssociationCommand({
        Name: "AWS-RunShellScript",
        Targets: [{ Key: "InstanceIds", Values: [web] }],
        Parameters: { commands: ["true"] },
      }),
    );
    const pages: [string, string][] = [
      ["#/home", "Home"],
      ["#/nodes", "Managed nodes"],
      [`#/nodes/${web}`, "Overview"],
      ["#/inventory", "Inventory"],
      ["#/commands", "Commands"],
      [`#/commands/${commandId}`, `Command ${commandId}`],
      ["#/run-command", "Run a command"],
      ["#/associations", "Associations"],
      [`#/associations/${association.AssociationDescription?.AssociationId}`, "Association"],
      ["#/association-edit", "Create association"],
      ["#/activations", "Hybrid activations"],
      ["#/parameters", "Parameters"],
      ["#/parameters/%2Ftraps%2Fpem", "/traps/pem"],
      ["#/parameter-edit?path=%2F", "Create parameter"],
      ["#/documents", "Documents"],
      ["#/documents/Traps-Hello", "Traps-Hello"],
      ["#/document-edit", "Create document"],
      ["#/buckets", "Buckets"],
      ["#/organization", "Organization"],
      ["#/no-such-page", "Page not found"],
    ];
    const found: string[] = [];
    for (const [hash, heading] of pages) {
      await go(hash);
      await page.getByRole("heading", { name: heading }).first().waitFor();
      await page.waitForLoadState("networkidle");
      const result = await checkAccessibility(page);
      for (const v of result) found.push(`${hash}: ${v}`);
    }
    assert.deepEqual(found, []);
  });

  it("left the parameter's history with both versions", async () => {
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: "/traps/pem" }));
    assert.deepEqual(
      history.Parameters?.map((p) => p.Description),
      ["first", "rotated in November"],
    );
  });
});
