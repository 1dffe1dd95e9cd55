import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

// /playground: the model drafts a bot from plain words, the form and its
// TOML follow each other, a live preview and a compare view try it, and a
// save puts it on its own page at once (no restart).

async function openPlayground(page: Page) {
  await page.goto('/playground');
  await expect(page.locator('main.playground')).toHaveAttribute('data-hydrated', 'true');
}

const field = (page: Page, name: string) => page.locator(`.bot-form [name="${name}"]`);
const toml = (page: Page) => page.getByLabel('Bot file (TOML)');

test('the embedded model drafts a bot from a description in plain words', async ({ page, problems }) => {
  await openPlayground(page);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('smollm2-135m-instruct');
  await page.getByLabel('Describe the bot you want, in plain words').fill('A friendly bot that recommends books to read.');
  await page.getByRole('button', { name: 'Draft it' }).click();
  await expect(page.getByRole('button', { name: 'Drafting…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Draft it' })).toBeVisible({ timeout: 60_000 });
  // Whatever the small model wrote, the form holds a whole bot and the
  // TOML says the same.
  const title = await field(page, 'title').inputValue();
  expect(title).not.toEqual('My bot');
  expect(title.length).toBeGreaterThan(0);
  expect((await field(page, 'system_prompt').inputValue()).length).toBeGreaterThan(0);
  await expect(toml(page)).toHaveValue(new RegExp(`^\\[chat\\]\\ntitle = ${JSON.stringify(title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(problems).toEqual([]);
});

test('a draft is edited, previewed, compared and saved, and its page is live at once', async ({ page, problems }) => {
  const tag = `${Date.now()}`;
  await openPlayground(page);
  await page.getByLabel('Model', { exact: true }).selectOption('test-gpt');
  // The stand-in model answers with the description itself: a draft in
  // the form the drafting prompt asks for.
  await page
    .getByLabel('Describe the bot you want, in plain words')
    .fill('[reply:raw]Title: Pirate Pal\nDescription: Talks like a pirate.\nSystem prompt: You are a pirate.\nExample: Ahoy?\nSetting: mood: salty, jolly');
  await page.getByRole('button', { name: 'Draft it' }).click();
  await expect(field(page, 'title')).toHaveValue('Pirate Pal');
  await expect(field(page, 'system_prompt')).toHaveValue('You are a pirate.\nMood: {mood}');
  await expect(field(page, 'examples')).toHaveValue('Ahoy?');
  await expect(page.getByLabel('Choices, separated by commas')).toHaveValue('salty, jolly');
  await expect(page.locator('input[name="name"]')).toHaveValue('pirate-pal');

  // The TOML follows the form...
  await field(page, 'title').fill(`Pirate Pal ${tag}`);
  await expect(toml(page)).toHaveValue(new RegExp(`title = "Pirate Pal ${tag}"`));
  await expect(toml(page)).toHaveValue(/choices = \["salty", "jolly"\]/);
  // ...and the form the TOML, once checked; a broken one says where.
  const good = await toml(page).inputValue();
  await toml(page).fill(good.replace('Talks like a pirate.', 'Speaks only pirate.'));
  await page.getByRole('button', { name: 'Check it and update the form' }).click();
  await expect(field(page, 'description')).toHaveValue('Speaks only pirate.');
  await toml(page).fill('[chat\ntitle = 1');
  await page.getByRole('button', { name: 'Check it and update the form' }).click();
  await expect(page.locator('.toml-error')).toContainText('line 1');
  await field(page, 'description').fill('Talks like a pirate.');
  await expect(toml(page)).toHaveValue(/^\[chat\]\ntitle = "Pirate Pal/);

  // The live preview runs the draft as it stands, stored nowhere.
  const preview = page.locator('.preview');
  await preview.getByLabel('Message to the preview').fill('hello');
  await preview.getByLabel('Message to the preview').press('Enter');
  const reply = preview.locator('article.message.assistant').last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply.locator('.text')).toHaveText('You said: hello (via openai)');
  const requests = await (await page.request.get('http://127.0.0.1:3101/_test/requests')).json();
  expect(requests.at(-1).body.messages[0].content).toBe('You are a pirate.\nMood: salty');
  // Its replies are untrusted HTML too.
  await preview.getByLabel('Message to the preview').fill('[reply:xss]');
  await preview.getByLabel('Message to the preview').press('Enter');
  await expect(preview.locator('article.message.assistant').last()).toHaveAttribute('data-status', 'complete');
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  await expect(preview.locator('img, script, iframe, svg')).toHaveCount(0);

  // Compare: two models, and a changed prompt on one side, one message.
  const compare = page.locator('section.compare');
  await compare.getByLabel('Model A').selectOption('test-gpt');
  await compare.getByLabel('Model B').selectOption('test-claude');
  await expect(compare.getByLabel('System prompt A')).toHaveValue('You are a pirate.\nMood: {mood}');
  await compare.getByLabel('System prompt B').fill('You are terse.');
  await compare.getByLabel('Message to compare on').fill('compare me');
  await compare.getByRole('button', { name: 'Compare' }).click();
  const sides = compare.locator('.compare-side article');
  await expect(sides.nth(0)).toHaveAttribute('data-status', 'complete');
  await expect(sides.nth(1)).toHaveAttribute('data-status', 'complete');
  await expect(sides.nth(0).locator('.text')).toHaveText('You said: compare me (via openai)');
  await expect(sides.nth(1).locator('.text')).toHaveText('You said: compare me (via anthropic)');
  const recent = (await (await page.request.get('http://127.0.0.1:3101/_test/requests')).json()).slice(-2);
  const prompts = recent.map((r: any) => r.body.system ?? r.body.messages[0].content).sort();
  expect(prompts).toEqual(['You are a pirate.\nMood: salty', 'You are terse.']);

  // Saved (replacing an earlier run's), and served at its address at once.
  await page.getByLabel('Replace a bot of this name').check();
  await page.getByRole('button', { name: 'Save bot' }).click();
  const saved = page.locator('.saved');
  await expect(saved).toContainText('It is live at /bots/pirate-pal');
  await saved.getByRole('link').click();
  await expect(page).toHaveURL(/\/bots\/pirate-pal$/);
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('.chat-header h1')).toHaveText(`Pirate Pal ${tag}`);
  await expect(page).toHaveTitle(`Pirate Pal ${tag}`);
  await expect(page.getByRole('button', { name: 'Ahoy?' })).toBeVisible();
  await page.getByLabel('Model', { exact: true }).selectOption('test-gpt');
  await page.getByRole('button', { name: 'Ahoy?' }).click();
  const answer = page.locator('article.message.assistant').last();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(page).toHaveURL(/\/c\/[0-9a-f]+$/);
  const last = (await (await page.request.get('http://127.0.0.1:3101/_test/requests')).json()).at(-1);
  expect(last.body.messages[0].content).toBe('You are a pirate.\nMood: salty');
  // The conversation's page is still the bot's, and the home page lists it.
  await page.reload();
  await expect(page.locator('.chat-header h1')).toHaveText(`Pirate Pal ${tag}`);
  await expect(page.locator('a.new-chat')).toHaveAttribute('href', '/bots/pirate-pal');
  await page.goto('/bots');
  await expect(page.locator('.bot-card', { hasText: `Pirate Pal ${tag}` }).getByRole('link')).toHaveAttribute('href', '/bots/pirate-pal');
  // The one refusal asked for: the broken TOML's.
  expect(problems.filter((p) => !p.includes('/api/read_bot') && !p.includes('status of 400'))).toEqual([]);
});
