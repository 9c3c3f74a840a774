// What every browser test does the same way: launch Debian's Chromium as this machine allows, wait
// for a board to be live, and sign in as the coordinator the API helpers set up.

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** No sandbox, no GPU, nothing fetched in the background: what Chromium needs to run here. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Chromium at CHROMIUM_PATH (default /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Waits until the page's connection status says "Saved" (connected, and nothing made here waiting). */
export async function waitLive(page: Page, timeout = 10_000): Promise<void> {
  await page.getByRole('status').filter({ hasText: /^\W*Saved$/ }).first().waitFor({ timeout });
}

/** Signs in on the sign-in page as the coordinator made by setupCoordinator, and waits for their conferences. */
export async function signInAsCoordinator(page: Page, serverUrl: string, timeout = 10_000): Promise<void> {
  await page.goto(`${serverUrl}/login`);
  await page.getByRole('textbox', { name: 'Email' }).fill('casey@example.org');
  await page.getByLabel('Password').fill('a long invented password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your conferences', level: 1 }).waitFor({ timeout });
}

/**
 * A fresh context and page, as one person's own device: British English, downloads kept, touch on
 * a phone-sized screen, page errors printed. bypassCSP only so the accessibility check (axe) can be
 * injected; the app's own CSP is tested elsewhere. The context is pushed to `contexts` to close later.
 */
export async function openDevice(browser: Browser, contexts: BrowserContext[], size: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: size, locale: 'en-GB', bypassCSP: true, acceptDownloads: true, hasTouch: size.width < 500 });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { context, page };
}
