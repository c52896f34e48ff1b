/**
 * @module The console's browser tests: Debian's Chromium driven by playwright-core, headless, and the console's sign-in.
 * Skipped, with the reason, only where Chromium or the console build is missing (`.ci/run` installs and builds both).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { consoleAssetsDir } from "../../src/server/console-routes.ts";

const chromiumPath = "/usr/bin/chromium";

/** Why the browser tests cannot run here, or false. */
export const browserSkip: string | false = !existsSync(chromiumPath)
  ? "Debian's chromium is not installed (apt-get install -y chromium)"
  : !existsSync(join(consoleAssetsDir, "index.html"))
    ? "the console is not built (npm run build)"
    : false;

export function launchChromium(): Promise<Browser> {
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

/** Signs in on the console's sign-in page and waits for Home. */
export async function signIn(page: Page, account: string, user: string, password: string): Promise<void> {
  await page.locator('input[aria-label="Account ID"]').fill(account);
  await page.locator('input[aria-label="User name"]').fill(user);
  await page.locator('input[aria-label="Password"]').fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Home" }).waitFor();
}
