import { test, expect, openChat, assistant, input, Page } from './fixtures';

// Folders and pins in the sidebar: plain forms that post and come back, so
// the same steps work with and without JavaScript.
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const item = (page: Page, title: string) => sidebar(page).locator('.conversation-list li').filter({ hasText: title });

async function chat(page: Page, text: string) {
  await page.getByRole('link', { name: '+ New chat' }).click();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill(text);
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
}

async function titles(page: Page) {
  return sidebar(page).locator('.conversation-list li > a').allTextContents();
}

test('pin to the top, file into folders, filter and search a folder; deleting it keeps its conversations', async ({ page, browser, problems }) => {
  await openChat(page);
  for (const text of ['Alpha trip notes', 'Beta budget', 'Gamma trip photos']) await chat(page, text);
  expect((await titles(page)).slice(0, 3)).toEqual(['Gamma trip photos', 'Beta budget', 'Alpha trip notes']);

  // Pin the oldest: it goes to the top, marked, and stays there on reload.
  await item(page, 'Alpha trip notes').getByLabel('Options for Alpha trip notes').click();
  await item(page, 'Alpha trip notes').getByRole('button', { name: 'Pin to top' }).click();
  await expect(sidebar(page).locator('.conversation-list li').first()).toContainText('Alpha trip notes');
  await expect(sidebar(page).locator('.conversation-list li.pinned')).toHaveCount(1);
  await page.reload();
  expect((await titles(page))[0]).toContain('Alpha trip notes');

  // A folder, and two conversations filed into it.
  await sidebar(page).getByText('Folders', { exact: true }).click();
  await sidebar(page).getByLabel("New folder's name").fill('Travel');
  await sidebar(page).getByRole('button', { name: 'Add' }).click();
  await expect(page).toHaveURL(/\/\?folder=[0-9a-f]{32}$/);
  const folderAddress = page.url();
  await expect(sidebar(page).getByRole('link', { name: 'Travel' })).toHaveAttribute('aria-current', 'page');
  await expect(sidebar(page).locator('.conversation-list li')).toHaveCount(0);
  await page.goto('/');
  for (const title of ['Alpha trip notes', 'Gamma trip photos']) {
    await item(page, title).getByLabel(`Options for ${title}`).click();
    await item(page, title).getByLabel('Folder').selectOption({ label: 'Travel' });
    await item(page, title).getByRole('button', { name: 'Move' }).click();
  }
  await page.goto(folderAddress);
  await expect.poll(() => titles(page)).toEqual([expect.stringContaining('Alpha trip notes'), 'Gamma trip photos']);
  // Searching in the folder finds only what is in it.
  await sidebar(page).getByLabel('Search in Travel').fill('trip');
  await sidebar(page).getByLabel('Search in Travel').press('Enter');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('link')).toHaveCount(2);
  await sidebar(page).getByLabel('Search in Travel').fill('budget');
  await sidebar(page).getByLabel('Search in Travel').press('Enter');
  await expect(results).toContainText('Nothing found');

  // Another person: the folder's address is not found, and shows nothing.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  const response = await stranger.goto(folderAddress);
  expect(response?.status()).toBe(404);
  await expect(stranger.getByText('This folder was not found')).toBeVisible();
  await expect(stranger.getByText('Travel')).toHaveCount(0);
  await other.close();

  // Renamed, then deleted: its conversations are back in the whole list.
  await page.goto(folderAddress);
  await sidebar(page).getByText('Options for the folder Travel').click();
  await sidebar(page).getByLabel("Folder's new name").fill('Trips');
  await sidebar(page).getByRole('button', { name: 'Rename' }).click();
  await expect(sidebar(page).getByRole('link', { name: 'Trips' })).toBeVisible();
  await sidebar(page).getByText('Options for the folder Trips').click();
  await sidebar(page).getByText('Delete folder…').click();
  await sidebar(page).getByRole('button', { name: 'Delete folder' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(sidebar(page).getByRole('link', { name: 'Trips' })).toHaveCount(0);
  for (const title of ['Alpha trip notes', 'Beta budget', 'Gamma trip photos']) {
    await expect(item(page, title)).toHaveCount(1);
  }
  expect(problems).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('pin, add a folder and move a conversation into it, all as forms', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Model').selectOption('test-gpt');
    await page.getByLabel('Message', { exact: true }).fill('no script walrus');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('article.message.assistant')).toHaveCount(1);
    await item(page, 'no script walrus').locator('summary').first().click();
    await item(page, 'no script walrus').getByRole('button', { name: 'Pin to top' }).click();
    await expect(sidebar(page).locator('.conversation-list li.pinned')).toContainText('no script walrus');

    await sidebar(page).getByText('Folders', { exact: true }).click();
    await sidebar(page).getByLabel("New folder's name").fill('Walruses');
    await sidebar(page).getByRole('button', { name: 'Add' }).click();
    await expect(sidebar(page).getByRole('link', { name: 'Walruses' })).toHaveAttribute('aria-current', 'page');
    await page.goto('/');
    await item(page, 'no script walrus').locator('summary').first().click();
    await item(page, 'no script walrus').getByLabel('Folder').selectOption({ label: 'Walruses' });
    await item(page, 'no script walrus').getByRole('button', { name: 'Move' }).click();
    await sidebar(page).getByText('Folders', { exact: true }).click();
    await sidebar(page).getByRole('link', { name: 'Walruses' }).click();
    await expect(sidebar(page).locator('.conversation-list li')).toHaveCount(1);
    await expect(sidebar(page).locator('.conversation-list li')).toContainText('no script walrus');
  });
});
