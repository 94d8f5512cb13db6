import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where Debian's chromium package installs the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** A headless Chromium with a fresh profile. */
export interface Browser {
  /** The browser context (open pages with `newPage()`). */
  readonly context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless through playwright-core (which downloads no browser). Fails with an
 * instruction when it is not installed: the dashboard test must not pass by skipping.
 */
export async function launchChromium(executablePath: string = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not installed at ${executablePath}. The dashboard test runs in real headless Chromium: ` +
        "install Debian's package with `apt-get update && apt-get install -y chromium` (CI does this in .ci/run).",
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "chargekit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
