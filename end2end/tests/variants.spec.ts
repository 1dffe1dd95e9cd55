import { test, expect, openChat, assistant, user, input } from './fixtures';

// Reply variants: Retry and Edit keep what they replace, and "‹ 2 / 3 ›"
// switches between them. Against the OpenAI-protocol stand-in, which
// echoes ("You said: …"), so each variant's text says which it is.

async function send(page, text: string) {
  await input(page).fill(text);
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
}

const said = (text: string) => `You said: ${text} (via openai)`;
const switcher = (message) => message.getByRole('navigation', { name: 'Versions', exact: true });

async function conversationWithVariants(page) {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await send(page, 'apple');
  await expect(page).toHaveURL(/\/c\/[0-9a-f]{32}$/);
  // Edit the first message: the old one is kept as a variant.
  await user(page).first().getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit message').fill('banana');
  await page.getByRole('button', { name: 'Save & regenerate' }).click();
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).last().locator('.text')).toHaveText(said('banana'));
  await expect(switcher(user(page).first())).toContainText('2 / 2');
  return page.url();
}

test('Edit and Retry keep variants; switching, continuing an older one, reload, export and search', async ({ page, problems }) => {
  const address = await conversationWithVariants(page);
  // Back to the first version: its message and its reply.
  await switcher(user(page).first()).getByRole('link', { name: 'Previous version' }).click();
  await expect(user(page).first().locator('.text')).toHaveText('apple');
  await expect(assistant(page).last().locator('.text')).toHaveText(said('apple'));
  await expect(switcher(user(page).first())).toContainText('1 / 2');
  // Continued from the older version.
  await send(page, 'cherry');
  await expect(user(page)).toHaveCount(2);
  // Retry keeps the reply it replaces.
  await assistant(page).last().getByRole('button', { name: 'Retry' }).click();
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(switcher(assistant(page).last())).toContainText('2 / 2');

  // All of it is stored: after a reload the same path and counts.
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(user(page).locator('.text')).toHaveText(['apple', 'cherry']);
  await expect(switcher(user(page).first())).toContainText('1 / 2');
  await expect(switcher(assistant(page).last())).toContainText('2 / 2');
  // The other first message leads to its own reply (and nothing after).
  await switcher(user(page).first()).getByRole('link', { name: 'Next version' }).click();
  await expect(user(page).locator('.text')).toHaveText(['banana']);
  await expect(assistant(page)).toHaveCount(1);
  // And back: the path below it is the one chosen there last.
  await switcher(user(page).first()).getByRole('link', { name: 'Previous version' }).click();
  await expect(user(page).locator('.text')).toHaveText(['apple', 'cherry']);

  // JSON carries every variant; Markdown the path shown.
  const json = await (await page.request.get(`${address}/export.json`)).json();
  expect(json.messages.map((m) => m.content)).toEqual(['apple', said('apple'), 'cherry', said('cherry')]);
  expect(json.variants.map((m) => m.content)).toContain('banana');
  const markdown = await (await page.request.get(`${address}/export.md`)).text();
  expect(markdown).toContain('cherry');
  expect(markdown).not.toContain('banana');
  // Search finds text in a variant not shown.
  const search = page.getByRole('navigation', { name: 'Conversations' }).getByLabel('Search conversations');
  await search.fill('banana');
  await search.press('Enter');
  await expect(page.getByRole('region', { name: 'Search results' }).getByRole('link')).toHaveCount(1);
  // On a phone the switch fits beside the other actions.
  await page.goto(address);
  await page.setViewportSize({ width: 375, height: 740 });
  await expect(switcher(user(page).first())).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  expect(problems).toEqual([]);
});

test('without JavaScript the switch is a link', async ({ page, browser, problems }) => {
  const address = await conversationWithVariants(page);
  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const noJs = await plain.newPage();
  await noJs.goto(address);
  await expect(switcher(user(noJs).first())).toContainText('2 / 2');
  await switcher(user(noJs).first()).getByRole('link', { name: 'Previous version' }).click();
  await expect(user(noJs).first().locator('.text')).toHaveText('apple');
  await expect(assistant(noJs).last().locator('.text')).toHaveText(said('apple'));
  await expect(switcher(user(noJs).first())).toContainText('1 / 2');
  // The choice is stored: the page with JavaScript shows it too.
  await page.reload();
  await expect(user(page).first().locator('.text')).toHaveText('apple');
  // A stale link (the conversation changed since) changes nothing.
  await noJs.goto(`${address}?at=1&variant=2&of=9`);
  await expect(user(noJs).first().locator('.text')).toHaveText('apple');
  await plain.close();
  expect(problems).toEqual([]);
});

test('a link from another site does not switch a variant', async ({ page, problems }) => {
  const address = await conversationWithVariants(page);
  // As if followed from another site's page (the browser says so).
  const response = await page.request.get(`${address}?at=1&variant=1&of=2`, { headers: { 'sec-fetch-site': 'cross-site' } });
  expect(response.ok()).toBe(true);
  await page.reload();
  await expect(user(page).first().locator('.text')).toHaveText('banana');
  expect(problems).toEqual([]);
});
