import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, openChat, assistant, user, input } from './fixtures';
import type { Page } from '@playwright/test';

// The XSS corpus (end2end/xss/corpus.json, grouped by the OWASP cheat
// sheet's classes) goes through the real page twice per payload: as the
// person's message and, through the stand-in's `[reply:raw]`, as the model's
// reply. Any dialog, any console line a payload prints, any request to the
// beacon and any script the policy had to stop fails the test: the
// sanitizer must hold without the CSP's help.
type Payload = { id: number; class: string; payload: string };
const corpus = JSON.parse(readFileSync(join(__dirname, '..', 'xss', 'corpus.json'), 'utf8'));
const BEACON = 'http://127.0.0.1:3199/beacon';
const payloads: Payload[] = corpus.payloads.map((p: Payload) => ({
  ...p,
  payload: p.payload.split(corpus.beacon_placeholder).join(BEACON),
}));

/** Watches the page for every sign that a payload ran or reached out. */
function watch(page: Page) {
  const hits: string[] = [];
  page.on('dialog', (d) => {
    hits.push(`dialog: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.includes('XSS-EXECUTED')) hits.push(`console: ${text}`);
    if (text.includes('Content Security Policy')) hits.push(`blocked by the policy, not the sanitizer: ${text}`);
  });
  page.on('pageerror', (err) => hits.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (req.url().startsWith(BEACON)) hits.push(`beacon: ${req.url()}`);
  });
  page.on('popup', (p) => hits.push(`popup: ${p.url()}`));
  return hits;
}

/** Moves over, focuses and clicks what a payload left in a message, the way a reader would. */
async function poke(page: Page, message: ReturnType<typeof assistant>) {
  const targets = message.locator('.markdown a, .markdown img, .markdown input, .markdown svg, .markdown details, .markdown summary, .markdown math');
  const count = Math.min(await targets.count(), 10);
  for (let i = 0; i < count; i++) {
    const target = targets.nth(i);
    if (!(await target.isVisible())) continue;
    await target.hover({ timeout: 2000 }).catch(() => {});
    // A web link opens the page it names in a new tab: that is a link
    // working, not a payload running. Anything else is clicked.
    const href = await target.getAttribute('href');
    if (href && /^https?:/.test(href)) continue;
    await target.click({ timeout: 2000, noWaitAfter: true }).catch(() => {});
  }
}

test('the detectors see a dialog, a marked console line and a beacon request', async ({ context }) => {
  // A blank page has no policy, so all three signs can be made there.
  const page = await context.newPage();
  const hits = watch(page);
  await page.route(`${BEACON}/**`, (route) => route.fulfill({ status: 204 }));
  await page.evaluate(async (url) => {
    alert('control');
    console.log('XSS-EXECUTED control');
    await fetch(url).catch(() => {});
  }, `${BEACON}/control`);
  await expect.poll(() => hits.length).toBe(3);
  expect(hits.map((h) => h.split(':')[0]).sort()).toEqual(['beacon', 'console', 'dialog']);
});

test(`the corpus holds ${payloads.length} payloads over the cheat sheet's classes`, () => {
  expect(payloads.length).toBeGreaterThanOrEqual(100);
  expect(new Set(payloads.map((p) => p.class)).size).toBeGreaterThanOrEqual(10);
});

// Ten payloads a conversation, so no conversation grows long.
const BATCH = 10;
for (let start = 0; start < payloads.length; start += BATCH) {
  const batch = payloads.slice(start, start + BATCH);
  test(`XSS payloads ${batch[0].id}-${batch[batch.length - 1].id} run nothing as message or reply`, async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const hits = watch(page);
    await openChat(page);
    await page.getByLabel('Model').selectOption('test-gpt');
    for (const [i, p] of batch.entries()) {
      const before = hits.length;
      await input(page).fill(`[reply:raw]${p.payload}`);
      await input(page).press('Enter');
      const reply = assistant(page).nth(i);
      await expect(reply, `payload ${p.id}`).toHaveAttribute('data-status', 'complete');
      // The payload arrived as text or inert markup on both sides: the turn
      // really rendered (this test cannot pass on an empty page).
      await expect(user(page).nth(i)).toBeVisible();
      await poke(page, reply);
      await poke(page, user(page).nth(i));
      await page.waitForTimeout(50);
      expect(hits.slice(before), `payload ${p.id} (${p.class}): ${p.payload}`).toEqual([]);
    }
    // Late events (an image's error, a refresh timer) after the whole batch.
    await page.waitForTimeout(500);
    expect(hits).toEqual([]);
    // Once more as history, rendered by the server and hydrated.
    await page.reload();
    await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
    await expect(assistant(page)).toHaveCount(batch.length);
    for (let i = 0; i < batch.length; i++) await poke(page, assistant(page).nth(i));
    await page.waitForTimeout(500);
    expect(hits).toEqual([]);
    // Still on the app: no payload navigated the page away.
    expect(page.url().startsWith(`${baseURL}/`), page.url()).toBe(true);
  });
}
