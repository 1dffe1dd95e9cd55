import { test, expect, assistant } from './fixtures';
import type { Browser, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

// Every language (issue 26): the page speaks the browser's language (or
// the one picked, remembered), only that language's messages reach the
// browser, Arabic is laid out right to left, and no text of the chat page
// is left in English.

/** The message box, whatever its label's language. */
const box = (page: Page) => page.locator('textarea[name=message]');

/** A Fluent file's plain messages (and attributes), by id. */
function messages(file: string): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  const source = fs.readFileSync(path.join(__dirname, '../../crates/i18n/locales', file), 'utf8');
  for (const line of source.split('\n')) {
    let m = line.match(/^([a-z][a-z0-9-]*) = (.*)$/);
    if (m) {
      current = m[1];
      out.set(current, m[2]);
      continue;
    }
    m = line.match(/^\s+\.([a-z-]+) = (.*)$/);
    if (m) out.set(`${current}.${m[1]}`, m[2]);
  }
  return out;
}

/** English texts (without variables) that `file`'s language says otherwise. */
function englishOnly(file: string): string[] {
  const other = messages(file);
  return [...messages('en.ftl')]
    .filter(([id, text]) => text && !text.includes('{') && other.get(id) !== text)
    .map(([, text]) => text);
}

/** Every text the page shows or says: its text, and the attributes people read or hear. */
async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = node.textContent!.trim();
      if (text && !node.parentElement?.closest('script, style')) out.push(text);
    }
    for (const element of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
        const value = element.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  });
}

async function inLanguage(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  return { context, page };
}

/** A stored conversation with one answered "Hallo", on the test model. */
async function conversationPage(page: Page) {
  await page.goto('/');
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await page.locator('select[name=model]').selectOption('test-gpt');
  await box(page).fill('Hallo');
  await box(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(page).toHaveURL(/\/c\/[0-9a-f]{32}$/);
}

/** The chat page with a stored conversation, its menus and Compare's picker open. */
async function busyChatPage(page: Page) {
  await conversationPage(page);
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await page.locator('.compare').click();
  await expect(page.locator('.compare-picker')).toBeVisible();
}

for (const [locale, file, tag] of [['de-DE', 'de.ftl', 'de'], ['ar-EG', 'ar.ftl', 'ar']] as const) {
  test(`the chat page in ${tag} has no English text left`, async ({ browser }) => {
    const { context, page } = await inLanguage(browser, locale);
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await busyChatPage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    const english = new Set(englishOnly(file));
    expect(english.size).toBeGreaterThan(100);
    const left = (await pageTexts(page)).filter((text) => english.has(text));
    expect(left).toEqual([]);
    // What the browser got: this language's messages only.
    const strings = JSON.parse((await page.locator('#colloquy-strings').textContent())!);
    expect(new Map(strings.messages).get('send')).toEqual(messages(file).get('send'));
    const html = await (await page.request.get(page.url(), { headers: { 'accept-language': locale } })).text();
    expect(html).not.toContain('"Type a message… (Enter to send');
    expect(problems).toEqual([]);
    await context.close();
  });
}

test('the other pages in German have no English text left', async ({ browser }) => {
  const { context, page } = await inLanguage(browser, 'de');
  const english = new Set(englishOnly('de.ftl'));
  for (const path of ['/playground', '/keys']) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await page.waitForLoadState('networkidle');
    const left = (await pageTexts(page)).filter((text) => english.has(text));
    expect(left, path).toEqual([]);
  }
  await expect(page.getByRole('heading', { name: 'API-Schlüssel' })).toBeVisible();
  await expect(page.locator('main.api-keys code').first()).toHaveText('POST /v1/chat/completions, GET /v1/models');
  await context.close();
});

test('Arabic is laid out right to left', async ({ browser }) => {
  const { context, page } = await inLanguage(browser, 'ar');
  await page.goto('/');
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // The sidebar is on the right of the conversation; the composer's
  // buttons on the left of the box.
  const sidebar = (await page.locator('nav.sidebar').boundingBox())!;
  const chat = (await page.locator('.chat').boundingBox())!;
  expect(sidebar.x).toBeGreaterThanOrEqual(chat.x + chat.width - 1);
  const field = (await box(page).boundingBox())!;
  const send = (await page.locator('button.send').boundingBox())!;
  expect(send.x + send.width).toBeLessThanOrEqual(field.x + 1);
  await expect(page.locator('button.send')).toHaveText('إرسال');
  // On a phone the drawer opens from the right, and fits.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.locator('.sidebar-button').click();
  await expect(page.locator('nav.sidebar')).toBeInViewport();
  const drawer = (await page.locator('nav.sidebar').boundingBox())!;
  expect(drawer.x + drawer.width).toBeGreaterThan(370);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await context.close();
});

test('the browser language picks the page language, and a picked one is remembered', async ({ browser }) => {
  for (const [locale, tag, send] of [['fr-CA', 'fr', 'Envoyer'], ['zh-CN', 'zh-CN', '发送'], ['es', 'es', 'Enviar'], ['ja', 'en', 'Send']]) {
    const { context, page } = await inLanguage(browser, locale);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expect(page.locator('button.send')).toHaveText(send);
    await context.close();
  }

  const { context, page } = await inLanguage(browser, 'en-US');
  await page.goto('/');
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Language').selectOption('de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.locator('button.send')).toHaveText('Senden');
  // Remembered: another page, and a new visit.
  await page.goto('/?q=nothing');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('search').getByRole('searchbox')).toHaveAttribute('placeholder', 'Gespräche durchsuchen');
  await page.getByLabel('Sprache').selectOption('en');
  await expect(page.locator('button.send')).toHaveText('Send');
  await context.close();
});

test('without JavaScript the picker is a form', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Language').selectOption('es');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.locator('button.send')).toHaveText('Enviar');
  await context.close();
});

test('a chosen language must be one the app has', async ({ request }) => {
  const refused = await request.post('/api/set_language', { form: { language: 'xx' } });
  expect(refused.status()).toBe(400);
  expect(refused.headers()['set-cookie'] ?? '').not.toContain('colloquy-lang');
});

test('what the server says reaches the page in German: a refusal, a refused file, a failed reply', async ({ browser }) => {
  const { context, page } = await inLanguage(browser, 'de-DE');
  await conversationPage(page);

  // A server function's refusal: a second tab that fell behind.
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(second.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await box(page).fill('Noch einmal');
  await box(page).press('Enter');
  await expect(assistant(page)).toHaveCount(2);
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await box(second).fill('Aus dem zweiten Tab');
  await box(second).press('Enter');
  await expect(second.locator('.composer-error')).toHaveText(messages('de.ftl').get('error-changed-elsewhere')!);
  await second.close();

  // The upload's refusal: named as an image, but not one.
  const attach = page.locator('.attach input[type=file]');
  await attach.setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00') });
  const chip = page.locator('.attachment-tray .attachment');
  await expect(chip).toHaveAttribute('data-state', 'failed');
  await expect(chip.locator('.attachment-status')).toContainText('cat.png ist kein Dateityp, den dieser Chat annimmt');
  await chip.locator('.remove-attachment').click();
  await expect(page.locator('.attachment-tray')).toHaveCount(0);

  // A reply the provider fails, as it streams and as stored.
  await box(page).fill('boom [fault:500]');
  await box(page).press('Enter');
  const failed = assistant(page).last();
  await expect(failed).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(failed).toContainText('antwortete mit HTTP 500 nach 3 Versuchen');
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(assistant(page).last()).toContainText('antwortete mit HTTP 500 nach 3 Versuchen');
  const left = (await pageTexts(page)).filter((text) => /answered HTTP|was changed elsewhere|not a file type/.test(text));
  expect(left).toEqual([]);
  await context.close();
});
