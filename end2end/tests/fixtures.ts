import { test as base, expect, Page } from '@playwright/test';

/** Fails a test on any console error or any 4xx/5xx response the page did not expect. */
export const test = base.extend<{ problems: string[] }>({
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.url()}`);
    });
    await use(problems);
  },
});
export { expect };

export async function openChat(page: Page) {
  await page.goto('/');
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
}

export const assistant = (page: Page) => page.locator('article.message.assistant');
export const user = (page: Page) => page.locator('article.message.user');
export const input = (page: Page) => page.getByLabel('Message');

/** Opens a new chat on the OpenAI-protocol stand-in, sends `text` and waits for the whole reply. */
export async function ask(page: Page, text: string) {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill(text);
  await input(page).press('Enter');
  const reply = assistant(page).last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  return reply;
}
