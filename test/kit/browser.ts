/**
 * @module The console's browser tests: Debian's Chromium driven by playwright-core, headless, and the console's sign-in.
 * Skipped, with the reason, only where Chromium or the console build is missing (`.ci/run` installs and builds both).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { consoleAssetsDir } from "../../src/server/console-routes.ts";
import { apiClient } from "./api-call.ts";
import type { TestServer } from "./test-server.ts";
import { patience, waitFor } from "./wait.ts";

const chromiumPath = "/usr/bin/chromium";

/** Why the browser tests cannot run here, or false. */
export const browserSkip: string | false = !existsSync(chromiumPath)
  ? "Debian's chromium is not installed (apt-get install -y chromium)"
  : !existsSync(join(consoleAssetsDir, "index.html"))
    ? "the console is not built (npm run build)"
    : false;

/**
 * Debian's Chromium, headless. Every context it opens waits as patiently as the rest of the tests: Playwright's own
 * 30-second waits are multiplied by BOSUN_TEST_PATIENCE (test/kit/wait.ts), since a busy machine is that much slower.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await launch();
  const open = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await open(options);
    context.setDefaultTimeout(30_000 * patience);
    return context;
  };
  return browser;
}

function launch(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * What a failed step left on the screen, for the test's report: the address, every alert and field error shown, the
 * start of the page's text, and the server's last warnings. A failure on a busy CI machine is then read, not guessed.
 */
export async function whatThePageShows(page: Page, serverLog?: string): Promise<string> {
  const lines = [`address: ${page.url()}`];
  try {
    // A string, not a function: the test's compiler wraps functions in helpers the page does not have.
    const shown = (await page.evaluate(`(() => {
      const texts = (selector) => [...document.querySelectorAll(selector)].map((e) => (e.textContent || "").trim()).filter((t) => t !== "");
      return {
        alerts: texts('[role="alert"], [class*="awsui_error"], [class*="awsui_flash"]'),
        body: (document.body.textContent || "").replace(/\\s+/g, " ").slice(0, 1500),
      };
    })()`)) as { alerts: string[]; body: string };
    lines.push(...shown.alerts.map((a) => `shown: ${a}`), `page text: ${shown.body}`);
  } catch (error) {
    lines.push(`the page could not be read: ${String(error)}`);
  }
  const warnings = (serverLog ?? "").split("\n").filter((l) => /"level":(40|50|60)/.test(l));
  lines.push(...warnings.slice(-10).map((l) => `server: ${l.slice(0, 400)}`));
  return lines.join("\n");
}

/** Screenshots of the page as it is, 1440 and 800 pixels wide, as `<dir>/<name>-<width>.png`, for a person to look at. */
export async function screenshotsWideAndNarrow(page: Page, dir: string, name: string): Promise<void> {
  for (const width of [1440, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** A console user of the test server's account allowed everything, with a password to sign in with. */
export async function createConsoleUser(t: TestServer, user: string, password: string): Promise<void> {
  const api = apiClient(t.endpoint, t.admin);
  await api.call("Bosun.CreateUser", {
    UserName: user,
    PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
  });
  await api.call("Bosun.PutLoginProfile", { UserName: user, Password: password });
}

/** Signs in on the console's sign-in page and waits for Home. */
export async function signIn(page: Page, account: string, user: string, password: string): Promise<void> {
  await page.locator('input[aria-label="Account ID"]').fill(account);
  await page.locator('input[aria-label="User name"]').fill(user);
  await page.locator('input[aria-label="Password"]').fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Home" }).waitFor();
}

/** axe-core's own script, injected into the page under test (it runs in the page, on the live DOM). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * The page's accessibility violations by axe-core's WCAG 2 A and AA rules (and its best practices for landmarks and
 * headings), each as "rule: what, where" — empty when the page passes.
 */
export async function checkAccessibility(page: Page): Promise<string[]> {
  // Colours are judged as they settle: an alert fading in would read as low contrast.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
  // Evaluated through the debugging protocol: the console's Content-Security-Policy (script-src 'self') stays as it is.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return results.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join("; ")}`,
    );
  });
  return violations;
}

interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/**
 * Chooses an option of a Cloudscape multiselect (the field's button opens it) and waits until it shows as chosen. On a
 * busy machine a click can land while the list re-renders under it and be lost; the option is clicked again only while
 * it is not chosen, so a click that did land is never undone.
 */
export async function chooseOption(page: Page, field: string, option: RegExp): Promise<void> {
  await page.getByRole("button", { name: field }).click();
  const chosen = page.getByRole("option", { name: option, selected: true });
  await waitFor(async () => {
    if ((await chosen.count()) > 0) return true;
    await page.getByRole("option", { name: option }).click();
    return (await chosen.count()) > 0;
  }, 10_000);
  await page.keyboard.press("Escape");
}
