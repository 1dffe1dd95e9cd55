import { test, expect, openChat, assistant, input } from './fixtures';

const UPSTREAM = 'http://127.0.0.1:3101';

/** The body of the last request the OpenAI-protocol stand-in received whose last message contains `tag`. */
async function upstreamRequest(page: import('@playwright/test').Page, tag: string) {
  const requests: { path: string; body: any }[] = await (await page.request.get(`${UPSTREAM}/_test/requests`)).json();
  const mine = requests.filter((r) => JSON.stringify(r.body.messages?.at(-1) ?? '').includes(tag));
  expect(mine.length, `a request carrying ${tag}`).toBeGreaterThan(0);
  return mine.at(-1)!.body;
}

test('the settings panel changes the system prompt and temperature sent with a turn', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');

  // Closed until asked for; the defaults come from the configuration.
  const panel = page.locator('details.settings-panel');
  await expect(panel).not.toHaveAttribute('open', '');
  await panel.locator('summary').click();
  const prompt = page.getByLabel('System prompt');
  await expect(prompt).toHaveValue('You are a helpful, concise assistant.');
  await expect(page.getByLabel('Temperature')).toHaveValue('0');
  await expect(page.getByLabel('Keep it brief')).toBeChecked();
  await expect(page.getByLabel('Tone')).toHaveValue('friendly');

  // The defaults go with a turn as they are.
  const first = `defaults-${Date.now()}`;
  await input(page).fill(first);
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  let body = await upstreamRequest(page, first);
  expect(body.messages[0]).toEqual({ role: 'system', content: 'You are a helpful, concise assistant.' });
  expect(body.temperature).toBe(0);

  // Changed values steer the next turn.
  await prompt.fill('You are a pirate. Be {tone}.');
  await page.getByLabel('Temperature').fill('1.2');
  await expect(page.locator('output[for="input-temperature"]')).toHaveText('1.2');
  await page.getByLabel('Max tokens').fill('77');
  await page.getByLabel('Tone').selectOption('formal');
  const second = `changed-${Date.now()}`;
  await input(page).fill(second);
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  body = await upstreamRequest(page, second);
  expect(body.messages[0]).toEqual({ role: 'system', content: 'You are a pirate. Be formal.' });
  expect(body.temperature).toBeCloseTo(1.2, 5);
  expect(body.max_tokens).toBe(77);
  expect(problems).toEqual([]);
});

test('the server refuses a setting outside its range with a clear message', async ({ page }) => {
  await openChat(page);
  const res = await page.request.post('/api/chat_reply', {
    data: { turn: { message: { role: 'user', content: 'hi' }, model: 'test-gpt', inputs: { temperature: 1.9 } } },
  });
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain('Temperature must be a number from 0 to 1.5');
  const unknown = await page.request.post('/api/chat_reply', {
    data: { turn: { message: { role: 'user', content: 'hi' }, model: 'test-gpt', inputs: { top_p: 0.5 } } },
  });
  expect(unknown.status()).toBe(400);
  expect(await unknown.text()).toContain('no setting named "top_p"');
});
