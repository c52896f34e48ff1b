/**
 * @module Session Manager in the console, in a real browser (Debian's Chromium) against a real server and agent: a
 * shell opened from the node's page runs `id`, follows the window's size (`stty size` agrees with the terminal),
 * takes a paste and gives a copy through the clipboard; Terminate from the sessions list ends a live session; an ended
 * session's recording plays back what the shell printed; a session whose preferences encrypt its data works the same. Screenshots at 1440 and 800 px go to
 * test-results/console-sessions/ for a person to look at. Skipped only where Chromium is not installed.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { after, afterEach, before, describe, it } from "node:test";
import { CreateDocumentCommand, DeleteDocumentCommand, DescribeSessionsCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  browserSkip,
  checkAccessibility,
  createConsoleUser,
  launchChromium,
  screenshotsWideAndNarrow,
  signIn,
  whatThePageShows,
} from "../kit/browser.ts";
import { type Fleet, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const skip = browserSkip;
const screenshots = new URL("../../test-results/console-sessions/", import.meta.url).pathname;
const password = "console sessions password";

let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let node = "";
/** The first session's id, ended by `exit`, whose recording is played. */
let recorded = "";

const go = (hash: string) =>
  page.evaluate((h) => {
    window.location.hash = h;
  }, hash);

/** The terminal's text as xterm.js renders it (its DOM renderer's rows). */
const screen = async () => (await page.locator('[data-testid="terminal"] .xterm-rows').textContent()) ?? "";

/** Screenshots of the page as it is, wide and narrow. */
const shots = (name: string) => screenshotsWideAndNarrow(page, screenshots, name);

/** Types into the focused terminal, as a person would. */
async function typeLine(text: string): Promise<void> {
  await page.locator('[data-testid="terminal"]').click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** The terminal's grid as the page's footer shows it ("cols × rows"). */
async function gridSize(): Promise<{ cols: number; rows: number }> {
  const text = (await page.getByText(/^\d+ × \d+/).textContent()) ?? "";
  const [cols, rows] =
    text
      .split("·")[0]
      ?.split("×")
      .map((n) => Number(n.trim())) ?? [];
  return { cols: cols ?? 0, rows: rows ?? 0 };
}

before(async () => {
  if (skip) return;
  await mkdir(screenshots, { recursive: true });
  t = await startTestServer();
  ssm = t.ssm();
  await createConsoleUser(t, "ops", password);
  fleet = await startFleet(t, ssm, { shell: { Name: "shell-1" } });
  node = fleet.node("shell").id;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: t.endpoint });
  page = await context.newPage();
  await page.goto(t.endpoint);
  await signIn(page, t.accountId, "ops", password);
});

after(async () => {
  await browser?.close();
  await fleet?.stop();
  ssm?.destroy();
  await t?.close();
});

afterEach(async (test) => {
  if (!test.passed && page) test.diagnostic(await whatThePageShows(page, t?.logText()));
});

describe("Session Manager in the console", { skip }, () => {
  it("opens a shell from the node's page that runs commands, follows the window's size, and pastes and copies", async () => {
    await go(`#/nodes/${node}`);
    // The button is enabled once the node's page knows the node is online.
    await page.getByText("Online", { exact: true }).waitFor();
    await page.getByRole("link", { name: "Start session" }).click();
    await page.getByRole("heading", { name: `Shell on ${node}`, exact: true }).waitFor();
    await page.getByText("Connected", { exact: true }).waitFor();
    recorded = ((await page.getByText(/^Session ops-/).textContent()) ?? "").replace(/^Session /, "");
    assert.match(recorded, /^ops-[0-9a-f]{17}$/);

    await typeLine("id -un; echo marker-$((6*7))");
    await waitFor(async () => (await screen()).includes("marker-42"));
    assert.deepEqual(await checkAccessibility(page), [], "the terminal page passes axe-core's WCAG checks");

    // The terminal fills the window: narrower window, fewer columns, and the shell agrees.
    const wide = await gridSize();
    await shots("terminal");
    await page.setViewportSize({ width: 800, height: 700 });
    await waitFor(async () => (await gridSize()).cols < wide.cols);
    const narrow = await gridSize();
    await typeLine("clear; stty size");
    await waitFor(async () => (await screen()).includes(`${narrow.rows} ${narrow.cols}`));
    await page.setViewportSize({ width: 1440, height: 900 });

    // Paste: the clipboard's text reaches the shell as typed input.
    await page.evaluate(() => navigator.clipboard.writeText("echo pasted-$((20+3))\n"));
    await page.getByRole("button", { name: "Paste" }).click();
    await waitFor(async () => (await screen()).includes("pasted-23"));

    // Copy: a selection (a double-clicked word) goes to the clipboard with Ctrl+Shift+C.
    await page.locator('[data-testid="terminal"]').click();
    await page.locator('[data-testid="terminal"]').dblclick({ position: { x: 20, y: 8 } });
    await page.keyboard.press("Control+Shift+C");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.length > 0 && (await screen()).includes(copied), `copied "${copied}" from the terminal`);

    await typeLine("exit 3");
    await page.getByText("The session ended", { exact: true }).waitFor();
    await shots("terminal-ended");
  });

  it("lists active sessions, terminates one, and shows the ended one in the history", async () => {
    await go("#/sessions");
    await page.getByText("Choose a node", { exact: true }).click();
    await page.getByRole("option", { name: new RegExp(node) }).click();
    await page.getByRole("link", { name: "Start session" }).click();
    await page.getByText("Connected", { exact: true }).waitFor();
    const live = ((await page.getByText(/^Session ops-/).textContent()) ?? "").replace(/^Session /, "");
    await go("#/sessions");
    await page.getByRole("heading", { name: "Session Manager", exact: true }).waitFor();
    await page.getByRole("button", { name: `Terminate ${live}` }).waitFor();
    assert.deepEqual(await checkAccessibility(page), [], "the sessions page passes axe-core's WCAG checks");
    await shots("sessions");
    await page.getByRole("button", { name: `Terminate ${live}` }).click();
    await waitFor(async () => {
      const history = await ssm.send(new DescribeSessionsCommand({ State: "History" }));
      return history.Sessions?.some((s) => s.SessionId === live && s.Status === "Terminated") ?? false;
    });
    await page.getByRole("tab", { name: "Session history" }).click();
    await page.getByRole("link", { name: `Recording of ${recorded}` }).waitFor();
    await shots("session-history");
  });

  it("plays an ended session's recording, all at once to the screen the session ended with", async () => {
    await go(`#/session-recording/${recorded}`);
    await page.getByRole("heading", { name: `Recording of ${recorded}`, exact: true }).waitFor();
    await page.getByText("All at once").click();
    await waitFor(async () => ((await page.locator('[data-testid="recording"] .xterm-rows').textContent()) ?? "").includes("pasted-23"));
    assert.match((await page.getByTestId("playback-position").textContent()) ?? "", /^Played/);
    assert.deepEqual(await checkAccessibility(page), [], "the recording page passes axe-core's WCAG checks");
    await shots("recording");
  });

  it("encrypts the session's data when the preferences name a KMS key", async () => {
    const inputs = { kmsKeyId: "alias/session-data" };
    await ssm.send(
      new CreateDocumentCommand({
        Name: "SSM-SessionManagerRunShell",
        DocumentType: "Session",
        Content: JSON.stringify({ schemaVersion: "1.0", description: "Session preferences", sessionType: "Standard_Stream", inputs }),
      }),
    );
    try {
      await go(`#/terminal/${node}`);
      await page.getByText("Connected", { exact: true }).waitFor();
      await typeLine("echo encrypted-$((5*5))");
      await waitFor(async () => (await screen()).includes("encrypted-25"));
      await typeLine("exit");
      await page.getByText("The session ended", { exact: true }).waitFor();
    } finally {
      await ssm.send(new DeleteDocumentCommand({ Name: "SSM-SessionManagerRunShell" }));
    }
  });

  it("says why a session cannot start", async () => {
    await go("#/terminal/mi-00000000000000000");
    await page.getByText("The session ended", { exact: true }).waitFor();
    const shown = await page.locator('[role="alert"], [class*="awsui_alert"]').allInnerTexts();
    assert.ok(
      shown.some((text) => /InvalidTarget|not connected|does not exist/i.test(text)),
      `the API's error is shown: ${shown.join(" | ")}`,
    );
  });
});
