import {
  CHROMIUM_PATH,
  HAS_CHROMIUM,
  launchChromium,
  withScreenshot,
} from '@frameio-v4/test-support/chromium';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningWebApp, startWebApp } from '../src/app.js';

const ALICE = {
  email: 'alice@example.com',
  name: 'Alice Example',
  id: 'a11ce000-0000-4000-8000-000000000001',
};
const BOB = { email: 'bob@example.com', name: 'Bob Example', id: 'b0b00000-0000-4000-8000-000000000002' };

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM
    ? 'web app in Chromium'
    : `web app in Chromium: SKIPPED, no browser at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`,
  () => {
    let running: RunningWebApp;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      running = await startWebApp({ port: 0, logger: { info: () => undefined, warn: () => undefined } });
      browser = await launchChromium();
    }, 60_000);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await running?.close();
    });

    async function signIn(user: typeof ALICE): Promise<Page> {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await withScreenshot(page, `webapp-e2e-sign-in-${user.email}`, async () => {
        await page.goto(running.url);
        await page.getByRole('link', { name: 'Sign in with Adobe' }).click();
        // The emulator's consent page: pick the user, approve.
        await page.waitForSelector('#approve');
        const option = page.locator('#user option', { hasText: user.email });
        await page.selectOption('#user', (await option.getAttribute('value')) ?? '');
        await page.click('#approve');
        await page.waitForSelector('#user-name');
      });
      return page;
    }

    async function expectSeededData(page: Page, user: typeof ALICE): Promise<void> {
      await withScreenshot(page, `webapp-e2e-browse-${user.email}`, async () => {
        await page.goto(running.url);
        expect(await page.textContent('#user-name')).toBe(user.name);
        await page.getByRole('link', { name: 'Main Workspace' }).click();
        await page.waitForSelector('#projects');
        const projects = await page.locator('#projects li').allTextContents();
        expect(projects).toContain('Launch Campaign');
        expect(await page.textContent('#user-name')).toBe(user.name);
        await page.getByRole('link', { name: 'Launch Campaign' }).click();
        await page.waitForSelector('#assets');
        const rows = await page.locator('#assets tbody tr').allTextContents();
        expect(rows.some((row) => row.includes('notes.txt'))).toBe(true);
        expect(rows.some((row) => row.includes('Footage'))).toBe(true);
      });
    }

    it('serves two users at once, each their own data, and sign-out revokes only that user', async () => {
      const alice = await signIn(ALICE);
      const bob = await signIn(BOB);
      await expectSeededData(alice, ALICE);
      await expectSeededData(bob, BOB);

      const mock = running.emulator?.mock;
      if (!mock) throw new Error('expected the in-process emulator');
      const grantsOf = (userId: string) =>
        mock.state
          .refreshTokens()
          .filter((token) => token.userId === userId && token.clientId === 'mock-webapp-client');
      expect(grantsOf(ALICE.id).some((token) => token.revokedAt === undefined)).toBe(true);

      await withScreenshot(alice, 'webapp-e2e-sign-out', async () => {
        await alice.click('#sign-out');
        await alice.getByRole('link', { name: 'Sign in with Adobe' }).waitFor();
      });
      // Every refresh token Alice got from this app is revoked at the emulator (RFC 7009).
      expect(grantsOf(ALICE.id).length).toBeGreaterThan(0);
      expect(grantsOf(ALICE.id).every((token) => token.revokedAt !== undefined)).toBe(true);
      expect(grantsOf(BOB.id).some((token) => token.revokedAt === undefined)).toBe(true);

      // Alice's old pages now send her to sign in; Bob still browses.
      await alice.goto(`${running.url}/`);
      expect(await alice.locator('#user-name').count()).toBe(0);
      await expectSeededData(bob, BOB);
    }, 60_000);
  },
);
