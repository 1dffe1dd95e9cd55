import { test, expect } from './fixtures';

test('a key made on the keys page answers through the OpenAI-compatible API until revoked', async ({ page, request, problems }) => {
  await page.goto('/keys');
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await expect(page.getByText('No keys yet.')).toBeVisible();
  await page.getByLabel('Name').fill('e2e script');
  await page.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByTestId('new-key');
  await expect(shown).toHaveText(/^cq-[0-9a-f]{64}$/);
  const key = (await shown.textContent())!;
  const auth = { Authorization: `Bearer ${key}` };

  const models = await request.get('/v1/models', { headers: auth });
  expect(models.status()).toBe(200);
  expect((await models.json()).data.map((m: { id: string }) => m.id)).toContain('test-gpt');
  const reply = await request.post('/v1/chat/completions', {
    headers: auth,
    data: { model: 'test-gpt', messages: [{ role: 'user', content: 'from a program' }] },
  });
  expect(reply.status()).toBe(200);
  expect((await reply.json()).choices[0].message.content).toBe('You said: from a program (via openai)');

  // Shown once: a reload lists it by its first characters only.
  await page.reload();
  await expect(page.getByTestId('new-key')).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'e2e script', exact: true })).toBeVisible();
  await expect(page.locator('td code')).toHaveText(key.slice(0, 9) + '…');
  await page.getByRole('button', { name: 'Revoke e2e script' }).click();
  await expect(page.getByText('No keys yet.')).toBeVisible();
  expect((await request.get('/v1/models', { headers: auth })).status()).toBe(401);
  expect(problems).toEqual([]);
});
