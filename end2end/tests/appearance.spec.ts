import { test, expect, openChat, assistant, user, input } from './fixtures';

const bodyColor = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const DARK = 'rgb(15, 17, 21)';
const LIGHT = 'rgb(247, 247, 248)';

test('the theme follows the system until toggled, and the toggle is remembered', async ({ page, problems }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openChat(page);
  expect(await bodyColor(page)).toBe(DARK);
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  expect(await bodyColor(page)).toBe(LIGHT);
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  expect(await bodyColor(page)).toBe(LIGHT);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  expect(await bodyColor(page)).toBe(DARK);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  expect(await bodyColor(page)).toBe(DARK); // remembered over the system's choice
  expect(problems).toEqual([]);
});

test('the theme colour, avatars and labelled examples come from configuration', async ({ page, problems }) => {
  await openChat(page);
  const accent = await page.locator('.chat').evaluate((el) => getComputedStyle(el).getPropertyValue('--accent').trim());
  expect(accent).toBe('#0b6e4f');
  const example = page.getByRole('button', { name: /Octopus fact/ });
  await expect(example).toContainText('🐙');
  await page.getByLabel('Model').selectOption('test-gpt');
  await example.click();
  await expect(user(page).first().locator('.text')).toHaveText('Tell me a fun fact about octopuses.');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(user(page).first().locator('.avatar')).toHaveText('🧑');
  await expect(assistant(page).first().locator('.avatar')).toHaveText('🤖');
  expect(problems).toEqual([]);
});

test('a 375 px phone screen: nothing overflows sideways, every control reachable', async ({ page, problems }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await openChat(page);
  // The header is one row (and a line of description): the model picker
  // and the page's actions are in its menu.
  const header = await page.locator('.chat-header').boundingBox();
  expect(header!.height).toBeLessThan(80);
  await expect(page.getByLabel('Model')).toBeHidden();
  await page.getByTitle('Menu', { exact: true }).click();
  await page.getByLabel('Model').selectOption('test-gpt');
  await expect(page.getByRole('button', { name: 'Copy all', exact: true })).toBeInViewport();
  await page.getByTitle('Menu', { exact: true }).click();
  await expect(page.getByLabel('Model')).toBeHidden();
  await input(page).fill('[reply:markdown]');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  await expect(page.getByTitle('Conversations')).toBeInViewport();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).not.toBeInViewport();
  for (const name of ['Send', 'Undo']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeInViewport();
  }
  await page.getByTitle('Menu', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copy all', exact: true })).toBeInViewport();
  await expect(input(page)).toBeInViewport();
  const shot = await page.screenshot({ path: testInfo.outputPath('phone-375.png'), fullPage: false });
  await testInfo.attach('phone-375', { body: shot, contentType: 'image/png' });
  expect(problems).toEqual([]);
});
