import { test, expect, openChat, assistant, user, input } from './fixtures';

test('the server-rendered page has the title, examples and input before hydration', async ({ request, page, problems }) => {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain('<h1>Colloquy test bot');
  expect(html).toContain('A bot for the browser tests.');
  expect(html).toContain('What is the capital of France?');
  expect(html).toMatch(/<textarea[^>]*aria-label="Message"/);
  expect(html).toContain('data-hydrated="false"');

  await openChat(page);
  await expect(page.getByRole('heading', { name: 'Colloquy test bot' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('a message gets a reply from the embedded model, streamed token by token', async ({ page, problems }) => {
  await openChat(page);
  await input(page).fill('Write a short poem about the ocean, at least eight lines long.');
  await input(page).press('Enter');

  // The user's message shows at once, and the box empties.
  await expect(user(page)).toHaveCount(1);
  await expect(user(page).locator('.text')).toHaveText('Write a short poem about the ocean, at least eight lines long.');
  await expect(input(page)).toHaveValue('');

  // Text is visible while the reply is still streaming...
  const reply = assistant(page).last();
  const partial = await page.waitForFunction(() => {
    const el = document.querySelectorAll('article.message.assistant');
    const last = el[el.length - 1];
    const text = last?.querySelector('.text')?.textContent ?? '';
    return last?.getAttribute('data-status') === 'streaming' && text.trim().length > 0 ? text : null;
  });
  const partialText = (await partial.jsonValue()) as string;

  // ...and the finished reply is longer than what was first seen.
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 45_000 });
  const finalText = (await reply.locator('.text').textContent()) ?? '';
  expect(finalText.length).toBeGreaterThan(partialText.length);
  // Rendered markdown may regroup what streamed (a line joins a paragraph,
  // a closed ** turns into bold), so compare the words.
  const words = (s: string) => s.replace(/[\s*_`#>-]+/g, ' ').trim();
  expect(words(finalText).startsWith(words(partialText).slice(0, -8))).toBe(true);
  expect(problems).toEqual([]);
});

test('the model sees the history: a follow-up refers back', async ({ page, problems }) => {
  await openChat(page);
  await input(page).fill('My name is Zorblax. Remember it.');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 45_000 });
  await input(page).fill('What is my name?');
  await input(page).press('Enter');
  await expect(assistant(page)).toHaveCount(2);
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 45_000 });
  await expect(assistant(page).last().locator('.text')).toContainText('Zorblax');
  expect(problems).toEqual([]);
});

test('Stop ends a reply early and keeps the partial text', async ({ page, problems }) => {
  await openChat(page);
  await input(page).fill('Write a very long story about a dragon who learns to bake bread.');
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = assistant(page).last();
  await expect(reply.locator('.text')).not.toHaveText('', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  const stoppedText = (await reply.locator('.text').textContent()) ?? '';
  expect(stoppedText.trim().length).toBeGreaterThan(0);
  // Nothing more arrives after Stop.
  await page.waitForTimeout(1500);
  expect(await reply.locator('.text').textContent()).toBe(stoppedText);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();

  // The model is free again at once: the next reply starts and completes.
  await input(page).fill('Say hello.');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  expect(problems).toEqual([]);
});

test('New chat starts an empty conversation; the first is kept in the sidebar', async ({ page, problems }) => {
  await openChat(page);
  await page.getByRole('button', { name: 'What is the capital of France?' }).click();
  await expect(user(page).locator('.text')).toHaveText('What is the capital of France?');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 45_000 });
  await expect(assistant(page).last().locator('.text')).toContainText('Paris');
  await expect(page).toHaveURL(/\/c\/[0-9a-f]{32}$/);
  await page.getByRole('link', { name: '+ New chat' }).click();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('article.message')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Name three colors.' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: 'What is the capital of France?' }).click();
  await expect(assistant(page).last().locator('.text')).toContainText('Paris');
  expect(problems).toEqual([]);
});

test('an over-long message shows an error and stays in the box', async ({ page, problems }) => {
  await openChat(page);
  const long = 'a'.repeat(16 * 1024 + 1);
  await input(page).fill(long);
  await input(page).press('Enter');
  const alert = page.locator('.composer-error');
  await expect(alert).toBeVisible();
  // Numbers as the page's language writes them (the browser's Intl).
  await expect(alert).toContainText('16,385 bytes');
  await expect(alert).toContainText('limit is 16,384 bytes');
  await expect(input(page)).toHaveValue(long);
  await expect(page.locator('article.message')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('empty messages are not sent, and Shift+Enter makes a new line', async ({ page, problems }) => {
  await openChat(page);
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await input(page).fill('   ');
  await input(page).press('Enter');
  await expect(page.locator('article.message')).toHaveCount(0);

  await input(page).fill('first line');
  await input(page).press('Shift+Enter');
  await input(page).pressSequentially('second line');
  await expect(input(page)).toHaveValue('first line\nsecond line');
  await expect(page.locator('article.message')).toHaveCount(0);
  expect(problems).toEqual([]);
});

// A late WASM (slow network) once broke hydration of leptos_meta's head tags,
// and hydrating the box from an empty signal erased what had been typed.
test('text typed before the page hydrates is kept and can be sent', async ({ page, problems }) => {
  // Hold the WASM back so there is time to type into the server-rendered page.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  // The WASM's name carries its hash (cargo-leptos hash-files).
  await page.route(/\/pkg\/colloquy\.[\w-]+\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'false');
  await input(page).fill('Typed before hydration');
  release();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(input(page)).toHaveValue('Typed before hydration');
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
  await input(page).press('Enter');
  await expect(user(page).locator('.text')).toHaveText('Typed before hydration');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 45_000 });
  expect(problems).toEqual([]);
});
