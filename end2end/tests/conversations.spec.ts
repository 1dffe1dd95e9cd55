import { test, expect, openChat, assistant, user, input, Page } from './fixtures';

/** The text of a `[tokens:N]` reply from the test upstream: "t0 t1 … tN-1". */
const tokens = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`).join(' ');

async function sendTo(page: Page, text: string) {
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill(text);
  await input(page).press('Enter');
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });

test('a conversation is at its own address, and reloading shows it again', async ({ page, problems }) => {
  await openChat(page);
  await sendTo(page, 'remember me');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(page).toHaveURL(/\/c\/[0-9a-f]{32}$/);
  await expect(sidebar(page).getByRole('link', { name: 'remember me' })).toBeVisible();
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(user(page).locator('.text')).toHaveText('remember me');
  await expect(assistant(page).locator('.text')).toHaveText('You said: remember me (via openai)');
  // And it goes on from there.
  await sendTo(page, 'and more');
  await expect(assistant(page)).toHaveCount(2);
  await expect(assistant(page).last().locator('.text')).toHaveText('You said: and more (via openai)');
  await page.reload();
  await expect(assistant(page)).toHaveCount(2);
  expect(problems).toEqual([]);
});

test('reloading mid-reply reattaches: nothing lost, nothing repeated', async ({ page, problems }) => {
  await openChat(page);
  await sendTo(page, 'long one [tokens:150] [delay:25]');
  const reply = assistant(page).last().locator('.text');
  await expect(reply).toContainText('t20');
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'streaming');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(assistant(page).last().locator('.text')).toHaveText(tokens(150));
  // What was stored is the whole reply too.
  await page.reload();
  await expect(assistant(page).last().locator('.text')).toHaveText(tokens(150));
  expect(problems).toEqual([]);
});

test('switching to another chat and back mid-reply picks the reply up again', async ({ page, problems }) => {
  await openChat(page);
  await sendTo(page, 'first chat');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await page.getByRole('link', { name: '+ New chat' }).click();
  await sendTo(page, 'second chat [tokens:150] [delay:25]');
  await expect(assistant(page).last().locator('.text')).toContainText('t10');
  await sidebar(page).getByRole('link', { name: 'first chat' }).click();
  await expect(user(page).locator('.text')).toHaveText('first chat');
  await sidebar(page).getByRole('link', { name: /^second chat/ }).click();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(assistant(page).last().locator('.text')).toHaveText(tokens(150));
  expect(problems).toEqual([]);
});

test('the sidebar renames, searches and deletes (after asking)', async ({ page, problems }) => {
  await openChat(page);
  await sendTo(page, 'Plans for a walrus parade');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const item = sidebar(page).locator('.conversation-item.current');
  await item.getByLabel('Options for Plans for a walrus parade').click();
  await item.getByLabel('New title').fill('Walrus parade');
  await item.getByRole('button', { name: 'Rename' }).click();
  await expect(sidebar(page).getByRole('link', { name: 'Walrus parade', exact: true })).toBeVisible();
  // The address is still the conversation's.
  await expect(page).toHaveURL(/\/c\/[0-9a-f]{32}\??$/);

  await sidebar(page).getByLabel('Search conversations').fill('walrus');
  await sidebar(page).getByLabel('Search conversations').press('Enter');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('link')).toHaveCount(1);
  await expect(results.getByRole('link')).toContainText('Walrus parade');
  await sidebar(page).getByLabel('Search conversations').fill('zebra');
  await sidebar(page).getByLabel('Search conversations').press('Enter');
  await expect(results).toContainText('Nothing found');

  await results.page().goto('/');
  const current = sidebar(page).getByRole('listitem').filter({ hasText: 'Walrus parade' });
  await current.getByLabel('Options for Walrus parade').click();
  await current.getByText('Delete…').click();
  await expect(current.getByText('Delete this conversation for good?')).toBeVisible();
  await current.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(sidebar(page).getByRole('link', { name: 'Walrus parade' })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('another browser cannot open the conversation: 404, nothing shown', async ({ page, browser }) => {
  await openChat(page);
  await sendTo(page, 'my private walrus');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const address = page.url();
  const other = await browser.newContext();
  const stranger = await other.newPage();
  const response = await stranger.goto(address);
  expect(response?.status()).toBe(404);
  await expect(stranger.getByText('This conversation was not found')).toBeVisible();
  await expect(stranger.getByText('my private walrus')).toHaveCount(0);
  await other.close();
});

test('a second tab that fell behind is told to reload, and nothing is lost', async ({ page, context }) => {
  await openChat(page);
  await sendTo(page, 'from tab one');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(second.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await sendTo(page, 'tab one again');
  await expect(assistant(page)).toHaveCount(2);
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  // The second tab still shows one turn.
  await sendTo(second, 'from tab two');
  await expect(second.locator('.composer-error')).toContainText('changed elsewhere');
  await expect(input(second)).toHaveValue('from tab two');
  await second.reload();
  await expect(assistant(second)).toHaveCount(2);
  await expect(user(second).last().locator('.text')).toHaveText('tab one again');
});

test('export as JSON and import it back; share a read-only link and revoke it', async ({ page, browser, problems }) => {
  await openChat(page);
  await sendTo(page, 'share me [tokens:4]');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const address = page.url();
  await page.reload();
  const actions = page.locator('.conversation-actions');
  await actions.locator('summary').click();

  // Export, then import the file through the sidebar.
  const download = page.waitForEvent('download');
  await actions.getByRole('link', { name: 'Export as JSON' }).click();
  const file = await (await download).path();
  const markdown = await page.request.get(`${address}/export.md`);
  expect(await markdown.text()).toContain('**Assistant**');
  await sidebar(page).locator('.import summary').click();
  await sidebar(page).getByLabel('Exported conversation (JSON)').setInputFiles(file);
  await sidebar(page).getByRole('button', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/c\/[0-9a-f]{32}$/);
  expect(page.url()).not.toBe(address);
  await expect(user(page).locator('.text')).toHaveText('share me [tokens:4]');
  await expect(assistant(page).locator('.text')).toHaveText(tokens(4));

  // Share the original; a browser without its cookie reads it, read-only.
  await page.goto(address);
  await actions.locator('summary').click();
  await actions.getByRole('button', { name: 'Create a read-only link' }).click();
  await actions.locator('summary').click();
  const link = await actions.locator('a.share-url').getAttribute('href');
  expect(link).toMatch(/^\/s\/[0-9a-f]{64}$/);
  const stranger = await browser.newPage();
  await stranger.goto(link!);
  await expect(stranger.locator('h1')).toHaveText('share me [tokens:4]');
  await expect(stranger.locator('article.message.assistant .text')).toHaveText(tokens(4));
  await expect(stranger.getByLabel('Message')).toHaveCount(0);
  // Revoked, the link finds nothing.
  await actions.getByRole('button', { name: 'Stop sharing' }).click();
  await stranger.reload();
  await expect(stranger.getByRole('alert')).toContainText('not found');
  await stranger.close();
  expect(problems).toEqual([]);
});

test('a long conversation opens at its end; earlier messages come in place, and turns and Undo go on', async ({ page, problems }) => {
  await openChat(page);
  await sendTo(page, 'seed');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const seed = page.url().split('/c/')[1];
  // 230 messages, imported (as a person moving a long conversation here would).
  const exported = await (await page.request.get(`/c/${seed}/export.json`)).json();
  const template = exported.messages[0];
  exported.messages = Array.from({ length: 230 }, (_, i) => ({
    ...template,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `note-${i + 1}-end`,
  }));
  const imported = await page.request.post('/api/import', { data: exported });
  expect(imported.status()).toBe(201);
  const long = (await imported.json()).id;

  await page.goto(`/c/${long}`);
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  const messages = page.locator('article.message');
  await expect(messages).toHaveCount(100);
  await expect(messages.first().locator('.text')).toHaveText('note-131-end');
  const earlier = page.getByRole('link', { name: /^Show earlier messages/ });
  await expect(earlier).toHaveText('Show earlier messages (130 messages before these)');
  await earlier.click();
  await expect(messages).toHaveCount(200);
  await expect(messages.first().locator('.text')).toHaveText('note-31-end');
  await expect(earlier).toHaveText('Show earlier messages (30 messages before these)');
  await earlier.click();
  await expect(messages).toHaveCount(230);
  await expect(messages.first().locator('.text')).toHaveText('note-1-end');
  await expect(earlier).toHaveCount(0);
  // Read in place: the page did not move.
  await expect(page).toHaveURL(new RegExp(`/c/${long}$`));

  // A turn after a reload, with 130 messages not shown: stored after all 230.
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await sendTo(page, 'and then?');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).last().locator('.text')).toHaveText('You said: and then? (via openai)');
  await page.reload();
  await expect(messages.last().locator('.text')).toHaveText('You said: and then? (via openai)');
  await expect(earlier).toHaveText('Show earlier messages (132 messages before these)');
  // Undo takes back that turn, and only it.
  const undone = page.waitForResponse((response) => response.url().includes('/api/undo_turn'));
  await page.getByRole('button', { name: 'Undo' }).click();
  expect((await undone).status()).toBe(200);
  await expect(input(page)).toHaveValue('and then?');
  await page.reload();
  await expect(messages.last().locator('.text')).toHaveText('note-230-end');
  await expect(earlier).toHaveText('Show earlier messages (130 messages before these)');
  expect(problems).toEqual([]);
});
