import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Chromium from Debian (CI installs it); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** End-to-end suites skip (naming the path) when there is no browser, e.g. on a laptop without Chromium. */
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

/** Headless Chromium at {@link CHROMIUM_PATH}, with the same flags for every end-to-end suite. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // --no-sandbox: CI containers run as root. The others turn off what a test does not need (GPU, QUIC,
    // first-run setup) and Chromium's own background, update and sync traffic.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Runs `step`; on failure saves a full-page screenshot to the OS temp dir (`<name>-<time>.png`) and adds its
 * path and the page's URL to the error.
 */
export async function withScreenshot<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const path = join(tmpdir(), `${name}-${Date.now()}.png`);
    const saved = await page.screenshot({ path, fullPage: true }).then(
      () => `screenshot: ${path}`,
      (screenshotError: unknown) => `no screenshot (${String(screenshotError)})`,
    );
    const details = `${saved}\nURL: ${page.url()}`;
    // The original error keeps its stack and, for a failed expect, the diff vitest prints.
    if (error instanceof Error) error.message = `${error.message}\n${details}`;
    else throw new Error(`${name} failed: ${String(error)}\n${details}`);
    throw error;
  }
}
