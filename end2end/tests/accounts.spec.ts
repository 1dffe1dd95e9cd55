import { test, expect, assistant, input } from './fixtures';

// Against the second server (end2end/colloquy.password.toml): accounts.
const base = 'http://127.0.0.1:3102';

test('sign up, chat, sign out, sign in again: the conversation is still yours', async ({ page, browser }) => {
  const name = `user${Date.now()}`;
  await page.goto(`${base}/`);
  await expect(page).toHaveURL(`${base}/login?next=%2F`);
  await page.getByRole('link', { name: 'Create one' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(`${base}/`);
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('.user-name')).toHaveText(name);
  await input(page).fill('mine alone [tokens:3]');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const address = page.url();
  expect(address).toMatch(/\/c\/[0-9a-f]{32}$/);

  // Another browser (no session) is sent to sign in, and back here afterwards.
  const other = await browser.newPage();
  await other.goto(address);
  await expect(other).toHaveURL(/\/login\?next=%2Fc%2F[0-9a-f]{32}$/);
  await other.getByLabel('Name').fill(name);
  await other.getByLabel('Password').fill('not the password');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByRole('alert')).toHaveText('That name and password do not match an account.');
  await other.getByLabel('Name').fill(name);
  await other.getByLabel('Password').fill('correct horse battery');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other).toHaveURL(address);
  await expect(other.locator('article.message.user .text')).toHaveText('mine alone [tokens:3]');
  await other.close();

  // Sign out: back to the sign-in form; the page is not reachable any more.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(address);
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByText('mine alone')).toHaveCount(0);
});
