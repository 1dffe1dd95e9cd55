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

test('handler panels nest under their parent, each with its status and duration', async ({ page, problems }) => {
  // The frames a handler's panels produce (ReplyFrame::Panel), served in place
  // of the server's reply: this checks the page's rendering of them.
  const frames = [
    { type: 'started', reply_id: '0123456789abcdef0123456789abcdef' },
    { type: 'panel', id: 'search', title: 'Searching the docs', status: 'pending' },
    { type: 'panel', id: 'fetch', parent: 'search', title: 'Fetching page 1', status: 'pending', text: 'GET /docs/1' },
    { type: 'panel', id: 'fetch', status: 'done', duration_ms: 1200, text: '\n200 OK' },
    { type: 'panel', id: 'rank', parent: 'search', title: 'Ranking', status: 'done' },
    { type: 'delta', text: 'Found it.' },
    { type: 'panel', id: 'search', status: 'done', duration_ms: 2500 },
    { type: 'done', finish: 'stop', prompt_tokens: 3, completion_tokens: 3 },
  ];
  await page.route('**/api/chat_reply', (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain', body: frames.map((f) => JSON.stringify(f) + '\n').join('') }),
  );
  await openChat(page);
  await input(page).fill('find it');
  await input(page).press('Enter');
  const reply = assistant(page).last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply.locator('.text')).toHaveText('Found it.');

  const outer = reply.locator('details.panel').first();
  await expect(reply.locator(':scope .bubble > details.panel')).toHaveCount(1);
  await expect(outer.locator(':scope > summary .panel-title')).toHaveText('Searching the docs');
  await expect(outer.locator(':scope > summary .panel-status')).toHaveText('done in 2.5 s');
  await outer.locator(':scope > summary').click();
  const inner = outer.locator(':scope > details.panel');
  await expect(inner).toHaveCount(2);
  await expect(inner.nth(0).locator('.panel-title')).toHaveText('Fetching page 1');
  await expect(inner.nth(0).locator('.panel-status')).toHaveText('done in 1.2 s');
  await inner.nth(0).locator('summary').click();
  await expect(inner.nth(0).locator('.panel-text')).toHaveText('GET /docs/1\n200 OK');
  await expect(inner.nth(1).locator('.panel-title')).toHaveText('Ranking');
  expect(problems).toEqual([]);
});

test('a failed tool panel and the files in a reply show as such', async ({ page, problems }) => {
  const id = 'fedcba9876543210fedcba9876543210';
  const frames = [
    { type: 'started', reply_id: '0123456789abcdef0123456789abcdef' },
    { type: 'panel', id: 'r1-0', title: '🔧 calculator', status: 'pending', text: 'arguments: {"expression":"1/0"}\n' },
    { type: 'panel', id: 'r1-0', status: 'failed', duration_ms: 40, text: 'error: 1/0 has no finite value' },
    { type: 'delta', text: 'Here is a chart:' },
    { type: 'file', attachment: { id, name: 'chart.png', kind: 'image', size: 68 } },
    { type: 'file', attachment: { id: id.replace('f', 'e'), name: 'numbers.csv', kind: 'text', size: 20 } },
    { type: 'done', finish: 'stop', prompt_tokens: 3, completion_tokens: 3 },
  ];
  await page.route('**/api/chat_reply', (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain', body: frames.map((f) => JSON.stringify(f) + '\n').join('') }),
  );
  // A 1×1 PNG for the chart's address.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.route(`**/files/${id}`, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
  await openChat(page);
  await input(page).fill('chart it');
  await input(page).press('Enter');
  const reply = assistant(page).last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  const panel = reply.locator('details.panel');
  await expect(panel).toHaveAttribute('data-status', 'failed');
  await expect(panel.locator('.panel-status')).toHaveText('failed in 0.0 s');
  const files = reply.locator('.sent-attachments .attachment');
  await expect(files).toHaveCount(2);
  await expect(files.nth(0).locator('img')).toHaveAttribute('src', `/files/${id}`);
  await expect.poll(() => files.nth(0).locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await expect(files.nth(1).locator('a')).toHaveText('numbers.csv');
  await expect(files.nth(1).locator('a')).toHaveAttribute('download', 'numbers.csv');
  await expect(files.nth(1).locator('img')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a model calls a tool of an MCP server: its panel, then the answer', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-tools');
  await input(page).fill('what is 2 + 3? [call:add:{"a":2,"b":3}]');
  await input(page).press('Enter');
  const reply = assistant(page).last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  // The answer streams after the panel, from the tool's result.
  await expect(reply.locator('.text')).toContainText('Tool results: 5');
  const panel = reply.locator('details.panel');
  await expect(panel).toHaveCount(1);
  await expect(panel).toHaveAttribute('data-status', 'done');
  await expect(panel.locator('.panel-title')).toHaveText('Tool: add');
  await expect(panel.locator('.panel-status')).toHaveText(/^done in /);
  await panel.locator('summary').click();
  await expect(panel.locator('.panel-text')).toHaveText('arguments: {"a":2,"b":3}\nresult: 5');
  // Kept with the reply: after a reload the panel is still there.
  await page.waitForURL(/\/c\//);
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  const kept = assistant(page).last().locator('details.panel');
  await expect(kept).toHaveAttribute('data-status', 'done');
  await expect(kept.locator('.panel-title')).toHaveText('Tool: add');
  expect(problems).toEqual([]);
});

test('a failing MCP tool shows a failed panel and the model is told', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-tools');
  await input(page).fill('break it [call:fail:{"why":"<img src=x onerror=alert(1)>"}]');
  await input(page).press('Enter');
  const reply = assistant(page).last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  const panel = reply.locator('details.panel');
  await expect(panel).toHaveAttribute('data-status', 'failed');
  await panel.locator('summary').click();
  // The tool's words are text, never markup.
  await expect(panel.locator('.panel-text')).toContainText('failed on purpose: <img src=x onerror=alert(1)>');
  await expect(reply.locator('img')).toHaveCount(0);
  await expect(reply.locator('.text')).toContainText('failed on purpose');
  expect(problems).toEqual([]);
});
