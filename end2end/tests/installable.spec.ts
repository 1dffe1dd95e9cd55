import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from '@playwright/test';
import { test, expect, openChat, assistant, input } from './fixtures';

// The app as one a browser installs (chat.installable, on by default):
// the manifest from the configuration, the service worker, the offline page.
test.use({ serviceWorkers: 'allow' });

/** Every path the worker's caches hold. */
async function keptPaths(page) {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

test('Chromium finds the app installable: a valid manifest from the configuration, an active worker', async ({ baseURL }) => {
  // A browser profile of its own: Chromium installs nothing from an
  // incognito context, which every other test's context is.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    await openChat(page);
    // `ready` resolves once a worker is active, which may still be
    // "activating" for a moment: wait for "activated".
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state))
      .toBe('activated');
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}');
    expect(parsed.name).toBe('Colloquy test bot');
    expect(parsed.display).toBe('standalone');
    expect(parsed.icons.map((icon) => icon.sizes)).toContain('512x512');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    // The icons the manifest names are there.
    for (const icon of parsed.icons) {
      const response = await page.request.get(icon.src);
      expect(response.headers()['content-type']).toBe('image/png');
    }
    expect(problems).toEqual([]);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('offline, a page is the offline page; the worker keeps the app files, never a conversation or an answer', async ({ page, context, problems }) => {
  await openChat(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // A conversation: its page, server functions and reply go by.
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill('remember me');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(page).toHaveURL(/\/c\//);
  const conversation = page.url();
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');

  await context.setOffline(true);
  await page.goto(conversation);
  await expect(page.getByRole('heading', { name: 'Colloquy test bot' })).toBeVisible();
  await expect(page.getByText('You are offline.')).toBeVisible();
  await expect(page.getByText('remember me')).toHaveCount(0);

  const kept = await keptPaths(page);
  expect(kept).toContain('/offline');
  expect(kept.some((path) => /^\/pkg\/colloquy\.[\w-]+\.wasm$/.test(path))).toBe(true);
  for (const path of kept) {
    expect(path).toMatch(/^\/(pkg\/|icons\/|favicon\.ico$|offline$|manifest\.webmanifest$)/);
  }
  await context.setOffline(false);
  await page.getByRole('link', { name: 'Try again' }).click();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  // Offline, the page could not load: that is the one expected problem.
  expect(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});
