import { test, expect, openChat, assistant, input } from './fixtures';

test('a tool call shows as a titled panel with its arguments, done when the reply ends', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill('weather please [tool]');
  await input(page).press('Enter');
  const reply = assistant(page).last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  const panel = reply.locator('details.panel');
  await expect(panel).toHaveCount(1);
  await expect(panel).toHaveAttribute('data-status', 'done');
  await expect(panel.locator('.panel-title')).toHaveText('Tool call: get_weather');
  await expect(panel.locator('.panel-status')).toHaveText('done');
  // Collapsed until opened; then the arguments show.
  await expect(panel.locator('.panel-text')).toBeHidden();
  await panel.locator('summary').click();
  await expect(panel.locator('.panel-text')).toHaveText('{"city":"Paris"}');
  expect(problems).toEqual([]);
});
