import { test, expect } from './fixtures';

test.use({ javaScriptEnabled: false });

test('without JavaScript the form posts, and the reply shows after the page reloads', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'false');
  await page.getByLabel('Model').selectOption('test-gpt');
  const box = page.getByLabel('Message', { exact: true });
  await box.fill('hello without script');
  await page.getByRole('button', { name: 'Send' }).click();

  const replies = page.locator('article.message.assistant');
  await expect(replies).toHaveCount(1);
  await expect(replies.locator('.text')).toHaveText('You said: hello without script (via openai)');
  await expect(page.locator('article.message.user .text')).toHaveText('hello without script');

  // A second turn carries the first as history.
  await page.getByLabel('Model').selectOption('test-gpt');
  await box.fill('and again');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(replies).toHaveCount(2);
  await expect(replies.last().locator('.text')).toHaveText('You said: and again (via openai)');

  // A refused message comes back in the box with the reason.
  await page.getByLabel('Model').selectOption('test-gpt');
  await box.fill('x'.repeat(16385));
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.composer-error')).toContainText('limit is 16384 bytes');
  await expect(box).toHaveValue('x'.repeat(16385));
  await expect(replies).toHaveCount(2);
});

test('once hydrated, the same page streams instead', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  let posted = false;
  page.on('request', (r) => posted ||= r.url().includes('/api/post_message'));
  await page.getByLabel('Model').selectOption('test-gpt');
  await page.getByLabel('Message', { exact: true }).fill('streamed');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await expect(page.locator('article.message.assistant .text')).toHaveText('You said: streamed (via openai)');
  expect(posted).toBe(false);

  // A conversation begun without JavaScript hydrates and goes on streaming.
  const posted_form = await context.request.post('/api/post_message', {
    form: { message: 'begun by a form', model: 'test-gpt' },
    headers: { Accept: 'text/html' },
    maxRedirects: 0,
  });
  const location = posted_form.headers()['location'];
  expect(location).toMatch(/^\/c\/[0-9a-f]{32}$/);
  await page.goto(location);
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  const replies = page.locator('article.message.assistant');
  await expect(replies.locator('.text')).toHaveText('You said: begun by a form (via openai)');
  await page.getByLabel('Model').selectOption('test-gpt');
  await page.getByLabel('Message', { exact: true }).fill('continued');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await expect(replies.last().locator('.text')).toHaveText('You said: continued (via openai)');
  await expect(replies).toHaveCount(2);
  expect(errors, 'hydration over a server-rendered conversation').toEqual([]);
  await context.close();
});
