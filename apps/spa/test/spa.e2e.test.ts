import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer } from '@frameio-v4/mock/node';
import {
  CHROMIUM_PATH,
  HAS_CHROMIUM,
  launchChromium,
  withScreenshot,
} from '@frameio-v4/test-support/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, serveStatic } from './support.js';

type MockServer = Awaited<ReturnType<typeof startMockServer>>;

describe.skipIf(!HAS_CHROMIUM)(
  `SPA in Chromium against the emulator (skipped when ${CHROMIUM_PATH} is missing: apt-get install chromium, or set CHROMIUM_PATH)`,
  () => {
    let emulator: MockServer;
    let app: { url: string; close: () => Promise<void> } | undefined;
    let outDir: string | undefined;
    let browser: Browser | undefined;

    beforeAll(async () => {
      emulator = await startMockServer({ port: 0, host: '127.0.0.1' });
      // The emulator's port is only known now, so the app is built with its URL baked in.
      outDir = await mkdtemp(join(tmpdir(), 'spa-e2e-'));
      await buildApp(outDir, {
        VITE_FRAMEIO_API_BASE: emulator.url,
        VITE_FRAMEIO_IMS_BASE: emulator.url,
        VITE_FRAMEIO_CLIENT_ID: emulator.mock.credentials.spa.clientId,
      });
      app = await serveStatic(outDir);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await emulator?.close();
      if (outDir) await rm(outDir, { recursive: true, force: true });
    });

    it('signs in through the consent page, lists projects and files, survives a reload, and signs out with revocation', async () => {
      const context = await browser!.newContext();
      const page = await context.newPage();
      // Every request the page sends to IMS, to prove no client secret ever leaves the browser.
      const imsRequests: { url: string; body: string; authorization: string | undefined }[] = [];
      page.on('request', (request) => {
        // The app's own fetches only: the consent form post is the emulator's page, not the app.
        if (request.url().startsWith(`${emulator.url}/ims/`) && request.resourceType() === 'fetch') {
          imsRequests.push({
            url: request.url(),
            body: request.postData() ?? '',
            authorization: request.headers().authorization,
          });
        }
      });

      try {
        await withScreenshot(page, 'spa-e2e', async () => {
          await page.goto(app!.url);
          await page.locator('#sign-in').click();

          // The emulator's consent page (a real cross-origin redirect to IMS), as a person would see it.
          await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/ims/authorize/v2`));
          await page.locator('#approve').click();

          // Back on /callback → code exchanged → the project list, with the used code gone from the URL.
          const projects = page.locator('#projects');
          await projects.waitFor();
          await expect(projects.locator('li').allTextContents()).resolves.toEqual(
            expect.arrayContaining([
              expect.stringContaining('Launch Campaign'),
              expect.stringContaining('Archive 2025'),
            ]),
          );
          expect(new URL(page.url()).pathname).toBe('/');
          expect(page.url()).not.toContain('code=');
          await expect(page.locator('#user').textContent()).resolves.toContain('alice@example.com');

          // A project's files: the root folder of "Launch Campaign".
          await projects.getByRole('link', { name: 'Launch Campaign' }).click();
          await page.locator('#files').waitFor();
          await expect(page.locator('#project-name').textContent()).resolves.toBe('Launch Campaign');
          const files = await page.locator('#files li').allTextContents();
          expect(files).toEqual([
            expect.stringContaining('Footage'),
            expect.stringContaining('Graphics'),
            expect.stringContaining('notes.txt'),
          ]);

          // Into a folder, then reload: the tokens are in sessionStorage, so the user stays signed in.
          await page.locator('#files').getByRole('link', { name: 'Graphics' }).click();
          await page.locator('#files li', { hasText: 'poster.png' }).waitFor();
          await page.reload();
          await page.locator('#files li', { hasText: 'poster.png' }).waitFor();
          await expect(page.locator('#sign-out').isVisible()).resolves.toBe(true);

          const issued = emulator.mock.state
            .accessTokens()
            .filter((token) => token.clientId === 'mock-spa-client');
          expect(issued.length).toBeGreaterThan(0);
          expect(issued.every((token) => token.revokedAt === undefined)).toBe(true);

          // Sign out: revoked at IMS (RFC 7009) and gone from the tab.
          await page.locator('#sign-out').click();
          await page.locator('#sign-in').waitFor();
          await expect(page.locator('#notice').textContent()).resolves.toBe('You are signed out.');
          expect(issued.every((token) => token.revokedAt !== undefined)).toBe(true);
          const refreshTokens = emulator.mock.state
            .refreshTokens()
            .filter((token) => token.clientId === 'mock-spa-client');
          expect(refreshTokens.length).toBeGreaterThan(0);
          expect(refreshTokens.every((token) => token.revokedAt !== undefined)).toBe(true);
          const stored = await page.evaluate(() => Object.keys(sessionStorage));
          expect(stored).toEqual([]);

          // After a reload the user is still signed out.
          await page.reload();
          await page.locator('#sign-in').waitFor();
          await expect(page.locator('#projects').count()).resolves.toBe(0);

          // A public client: the token and revoke requests carried client_id and code_verifier, never a secret.
          const paths = imsRequests.map((request) => new URL(request.url).pathname);
          expect(paths).toContain('/ims/token/v3');
          expect(paths).toContain('/ims/revoke');
          const token = imsRequests.find((request) => request.url.includes('/ims/token/v3'));
          expect(new URLSearchParams(token?.body).get('code_verifier')).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
          for (const request of imsRequests) {
            expect(request.body).not.toContain('client_secret');
            expect(request.authorization).toBeUndefined();
          }
        });
      } finally {
        await context.close();
      }
    });

    it('signing in again from the error page of a denied sign-in lands on /, not on the old error', async () => {
      const context = await browser!.newContext();
      const page = await context.newPage();
      try {
        await withScreenshot(page, 'spa-e2e-denied', async () => {
          await page.goto(app!.url);
          await page.locator('#sign-in').click();
          await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/ims/authorize/v2`));
          await page.locator('#deny').click();
          await page.locator('#error').waitFor();
          expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');

          // The error page's own sign-in button, approved this time.
          await page.locator('#sign-in').click();
          await page.waitForURL((url) => url.href.startsWith(`${emulator.url}/ims/authorize/v2`));
          await page.locator('#approve').click();
          await page.locator('#projects').waitFor();
          expect(new URL(page.url()).pathname).toBe('/');
          expect(new URL(page.url()).search).toBe('');

          // A reload shows the projects again, not the old callback's error.
          await page.reload();
          await page.locator('#projects').waitFor();
          await expect(page.locator('#error').count()).resolves.toBe(0);
        });
      } finally {
        await context.close();
      }
    });
  },
);
