import { test, expect, openChat, assistant, user, input } from './fixtures';

// The message and conversation controls, against the OpenAI-protocol
// stand-in (fast and repeatable).
async function open(page) {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
}

async function send(page, text: string) {
  await input(page).fill(text);
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('Undo removes the last turn and puts the message back in the box', async ({ page, problems }) => {
  await open(page);
  await send(page, 'first');
  await send(page, 'second');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(user(page)).toHaveCount(1);
  await expect(assistant(page)).toHaveCount(1);
  await expect(input(page)).toHaveValue('second');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(user(page)).toHaveCount(0);
  await expect(input(page)).toHaveValue('first');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  expect(problems).toEqual([]);
});

test('Edit changes a message and regenerates from there; Up arrow edits the last one', async ({ page, problems }) => {
  await open(page);
  await send(page, 'alpha');
  await send(page, 'beta');
  // Edit the first message: the turns after it go, a new reply comes.
  await user(page).first().getByRole('button', { name: 'Edit' }).click();
  const box = page.getByLabel('Edit message');
  await expect(box).toBeFocused();
  await box.fill('gamma');
  await page.getByRole('button', { name: 'Save & regenerate' }).click();
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(user(page)).toHaveCount(1);
  await expect(user(page).first().locator('.text')).toHaveText('gamma');
  await expect(assistant(page).last().locator('.text')).toHaveText('You said: gamma (via openai)');

  // Up arrow in the empty box opens the last message; Escape cancels.
  await input(page).focus();
  await input(page).press('ArrowUp');
  await expect(page.getByLabel('Edit message')).toBeFocused();
  await page.getByLabel('Edit message').press('Escape');
  await expect(page.getByLabel('Edit message')).toHaveCount(0);
  await input(page).press('ArrowUp');
  await page.getByLabel('Edit message').fill('delta');
  await page.getByLabel('Edit message').press('Enter');
  await expect(assistant(page).last().locator('.text')).toHaveText('You said: delta (via openai)');
  expect(problems).toEqual([]);
});

test('Like and Dislike with a comment reach the server', async ({ page, problems }) => {
  await open(page);
  await send(page, 'rate me');
  const reply = assistant(page).last();
  const sent = page.waitForResponse((r) => r.url().endsWith('/api/send_feedback'));
  await reply.getByRole('button', { name: 'Like', exact: true }).click();
  expect((await sent).status()).toBe(200);
  await expect(reply.getByRole('button', { name: 'Like', exact: true })).toHaveAttribute('aria-pressed', 'true');

  await reply.getByRole('button', { name: 'Dislike', exact: true }).click();
  await expect(reply.getByRole('button', { name: 'Dislike', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(reply.getByRole('button', { name: 'Like', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await reply.getByLabel('Feedback comment').fill('Too short.');
  const withComment = page.waitForRequest((r) => r.url().endsWith('/api/send_feedback') && (r.postData() ?? '').includes('Too short.'));
  await reply.getByRole('button', { name: 'Send feedback' }).click();
  const body = JSON.parse((await withComment).postData() ?? '{}');
  expect(body.feedback.rating).toBe('dislike');
  expect(body.feedback.conversation).toMatch(/^[0-9a-f]{32}$/);
  expect(body.feedback.seq).toBe(2);
  await expect(reply.getByText('Thanks for the feedback.')).toBeVisible();
  expect(problems).toEqual([]);
});

test('Copy all copies the conversation as markdown', async ({ page, problems }) => {
  await open(page);
  await send(page, 'one');
  await send(page, 'two');
  await page.getByRole('button', { name: 'Copy all' }).click();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toBe(
    '**User:**\n\none\n\n---\n\n**Assistant:**\n\nYou said: one (via openai)\n\n---\n\n' +
      '**User:**\n\ntwo\n\n---\n\n**Assistant:**\n\nYou said: two (via openai)',
  );
  expect(problems).toEqual([]);
});

test('Escape stops a streaming reply', async ({ page, problems }) => {
  await open(page);
  await input(page).fill('[tokens:400] [delay:30]');
  await input(page).press('Enter');
  const reply = assistant(page).last();
  await expect(reply.locator('.text')).toContainText('t3');
  await page.keyboard.press('Escape');
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  const text = await reply.locator('.text').textContent();
  await page.waitForTimeout(300);
  expect(await reply.locator('.text').textContent()).toBe(text);
  expect(problems).toEqual([]);
});

test('scrolling up stops autoscroll and shows Jump to latest', async ({ page, problems }) => {
  await page.setViewportSize({ width: 700, height: 450 });
  await open(page);
  // About 19 tokens a line: 1,500 tokens are several screens.
  await input(page).fill('[tokens:1500] [delay:4]');
  await input(page).press('Enter');
  const list = page.locator('section.messages');
  await expect(assistant(page).last().locator('.text')).toContainText('t700');
  // Following the stream: at the bottom.
  const gap = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  expect(await gap()).toBeLessThan(80);
  await list.evaluate((el) => (el.scrollTop = 0));
  const jump = page.getByRole('button', { name: /Jump to latest/ });
  await expect(jump).toBeVisible();
  await page.waitForTimeout(300);
  expect(await list.evaluate((el) => el.scrollTop)).toBe(0); // not pulled down
  await jump.click();
  await expect(jump).toBeHidden();
  await expect.poll(gap).toBeLessThan(80);
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  expect(problems).toEqual([]);
});

test('inline <think> reasoning shows as a Thinking block with its duration', async ({ page, problems }) => {
  await open(page);
  await send(page, 'why [think-inline] [delay:150]');
  const reply = assistant(page).last();
  await expect(reply.locator('.text')).toHaveText('You said: why (via openai)');
  const thinking = reply.locator('details.thinking');
  await expect(thinking.locator('summary')).toHaveText(/Thought for/);
  await thinking.locator('summary').click();
  await expect(thinking.locator('.thinking-text')).toHaveText('I should echo it.');
  expect(problems).toEqual([]);
});
