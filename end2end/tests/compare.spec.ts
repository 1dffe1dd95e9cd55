import { test, expect, openChat, assistant, user, input } from './fixtures';

// Compare: one message to two models, their replies side by side, and
// "Use this answer" makes one the reply (the other stays its variant).
// Against the stand-ins, which echo and say which protocol answered.

const said = (text: string, via: string) => `You said: ${text} (via ${via})`;
const answer = (page, n: number) => page.getByRole('region', { name: new RegExp(`^Answer ${n}: `) });
const switcher = (message) => message.getByRole('navigation', { name: 'Versions', exact: true });

async function compareWith(page, text: string, second: string) {
  await input(page).fill(text);
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.getByLabel('Second answer from').selectOption(second);
  await page.getByRole('button', { name: 'Send to both' }).click();
}

test('compare two models side by side, choose one, reload and go on', async ({ page, problems }) => {
  // Its code is a chunk of its own, fetched at the first press.
  const chunks: string[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop()!;
    if (name.startsWith('split_load_compare')) chunks.push(name);
  });
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await page.waitForLoadState('networkidle');
  expect(chunks).toEqual([]);
  await compareWith(page, 'fig', 'test-claude');
  expect(chunks).toHaveLength(1);
  await expect(answer(page, 1)).toContainText('Test GPT');
  await expect(answer(page, 2)).toContainText('Test Claude');
  await expect(answer(page, 1).locator('article.message')).toHaveAttribute('data-status', 'complete');
  await expect(answer(page, 2).locator('article.message')).toHaveAttribute('data-status', 'complete');
  await expect(answer(page, 1).locator('.text')).toHaveText(said('fig', 'openai'));
  await expect(answer(page, 2).locator('.text')).toHaveText(said('fig', 'anthropic'));
  await expect(page).toHaveURL(/\/c\/[0-9a-f]{32}$/);
  // Side by side on a wide screen.
  const [left, right] = [await answer(page, 1).boundingBox(), await answer(page, 2).boundingBox()];
  expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);

  // The second becomes the reply; the first stays its variant.
  await answer(page, 2).getByRole('button', { name: 'Use this answer' }).click();
  await expect(answer(page, 1)).toHaveCount(0);
  await expect(assistant(page)).toHaveCount(1);
  await expect(assistant(page).locator('.text')).toHaveText(said('fig', 'anthropic'));
  await expect(switcher(assistant(page))).toContainText('2 / 2');

  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(assistant(page).locator('.text')).toHaveText(said('fig', 'anthropic'));
  await switcher(assistant(page)).getByRole('link', { name: 'Previous version' }).click();
  await expect(assistant(page).locator('.text')).toHaveText(said('fig', 'openai'));
  await expect(switcher(assistant(page))).toContainText('1 / 2');

  // The conversation goes on from the reply shown, with its own model.
  await input(page).fill('grape');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).last().locator('.text')).toHaveText(said('grape', 'openai'));
  await expect(user(page).locator('.text')).toHaveText(['fig', 'grape']);
  expect(problems).toEqual([]);
});

test('on a phone: the same model twice, one above the other; Stop ends both', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  // The model picker is in the header, which a phone folds away.
  await page.setViewportSize({ width: 375, height: 740 });
  await compareWith(page, '[tokens:400] [delay:30]', 'test-gpt');
  await expect(answer(page, 1).locator('.text')).toContainText('t3');
  await expect(answer(page, 2).locator('.text')).toContainText('t3');
  const [top, below] = [await answer(page, 1).boundingBox(), await answer(page, 2).boundingBox()];
  expect(below!.y).toBeGreaterThan(top!.y + top!.height - 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  await page.getByRole('button', { name: 'Stop' }).click();
  for (const n of [1, 2]) {
    await expect(answer(page, n).locator('article.message')).toHaveAttribute('data-status', 'stopped');
  }
  const kept = await answer(page, 1).locator('.text').textContent();
  expect(kept).not.toContain('t399');
  await answer(page, 1).getByRole('button', { name: 'Use this answer' }).click();
  await expect(answer(page, 1)).toHaveCount(0);
  await expect(switcher(assistant(page))).toContainText('1 / 2');
  // Stored as stopped, with what it had.
  await page.reload();
  await expect(assistant(page)).toHaveAttribute('data-status', 'stopped');
  await expect(assistant(page).locator('.text')).toContainText('t3');
  expect(problems).toEqual([]);
});

test('Compare sends nothing that Send would refuse, and keeps the text', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await page.getByRole('button', { name: 'Compare' }).click();
  // Nothing typed: nothing to send.
  await expect(page.getByRole('button', { name: 'Send to both' })).toBeDisabled();
  const long = 'x'.repeat(20_000);
  await input(page).fill(long);
  await page.getByRole('button', { name: 'Send to both' }).click();
  await expect(page.locator('.composer-error')).toContainText('the limit is 16,384 bytes');
  await expect(user(page)).toHaveCount(0);
  await expect(input(page)).toHaveValue(long);
  expect(problems).toEqual([]);
});
