import { test, expect, openChat, assistant, user, input } from './fixtures';

const UPSTREAM = 'http://127.0.0.1:3101';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function lastUpstreamMessage(page: import('@playwright/test').Page) {
  const requests: { body: any }[] = await (await page.request.get(`${UPSTREAM}/_test/requests`)).json();
  return requests.at(-1)!.body.messages.at(-1);
}

test('an image reaches the OpenAI-compatible server as an image part, with a preview', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await page.getByLabel('Attach files').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
  const chip = page.locator('.attachment-tray .attachment');
  await expect(chip).toHaveAttribute('data-state', 'ready');
  await expect(chip.locator('img')).toHaveJSProperty('naturalWidth', 1);
  await input(page).fill('what colour is this?');
  await input(page).press('Enter');

  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).last().locator('.text')).toHaveText('You said: what colour is this? (via openai; attachments: 1)');
  await expect(user(page).last().locator('.sent-attachments img')).toHaveAttribute('alt', 'dot.png');
  await expect(page.locator('.attachment-tray')).toHaveCount(0);
  const message = await lastUpstreamMessage(page);
  expect(message.content[1]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } });
  expect(problems).toEqual([]);
});

test('a text file is written into the prompt with its name', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-claude');
  await page.getByLabel('Attach files').setInputFiles({
    name: 'prices.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('item,price\ntea,3\n'),
  });
  await expect(page.locator('.attachment-tray .attachment')).toHaveAttribute('data-state', 'ready');
  await input(page).fill('sum the prices');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const message = await lastUpstreamMessage(page);
  expect(message.content).toBe('sum the prices\n\n<file name="prices.csv">\nitem,price\ntea,3\n\n</file>');
  // The bubble shows what the user typed and the file's name, not its text.
  await expect(user(page).last().locator('.text')).toHaveText('sum the prices');
  await expect(user(page).last().locator('.sent-attachments')).toHaveText('prices.csv');
  expect(problems).toEqual([]);
});

test('oversize, wrong-type and disguised files are refused with a clear message', async ({ page }) => {
  await openChat(page);
  const attach = page.getByLabel('Attach files');
  const alert = page.locator('.composer-error');

  await attach.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(2 * 1024 * 1024) });
  await expect(alert).toHaveText('huge.png is 2.0 MB; the limit is 1.0 MB.');
  await attach.setInputFiles({ name: 'paper.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
  await expect(alert).toHaveText('paper.pdf is not a file type this chat takes (image, text, audio).');
  await expect(page.locator('.attachment-tray')).toHaveCount(0);

  // Named and typed as an image, but an executable: the server looks at the bytes.
  await attach.setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00') });
  const chip = page.locator('.attachment-tray .attachment');
  await expect(chip).toHaveAttribute('data-state', 'failed');
  await expect(chip.locator('.attachment-status')).toContainText('cat.png is not a file type this chat takes');
  await input(page).fill('look');
  await input(page).press('Enter');
  await expect(alert).toHaveText('Remove the files that could not be uploaded.');
  await page.getByRole('button', { name: 'Remove cat.png' }).click();
  await expect(page.locator('.attachment-tray')).toHaveCount(0);
});

test('a model that cannot read images says so before sending; drop and paste attach too', async ({ page }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-llama');
  // Drop a file on the page.
  const dropped = await page.evaluateHandle((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
    return data;
  }, [...PNG]);
  await page.locator('.messages').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page.locator('.attachment-tray .attachment')).toHaveAttribute('data-state', 'ready');
  await input(page).fill('what is it?');
  await input(page).press('Enter');
  await expect(page.locator('.composer-error')).toHaveText(
    'Test Llama (Ollama protocol) cannot read image files such as dropped.png; pick a model that can, or remove the file.',
  );
  await expect(user(page)).toHaveCount(0);

  // Pasted files are attached as well.
  await input(page).evaluate((box, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'notes.txt', { type: 'text/plain' }));
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [...Buffer.from('pasted notes')]);
  await expect(page.locator('.attachment-tray .attachment')).toHaveCount(2);

  // A model that can read images takes the same message.
  await page.getByRole('button', { name: 'Remove dropped.png' }).click();
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).last().locator('.text')).toContainText('pasted notes');
});

test('a voice recording is attached as WAV and reaches the model as input_audio', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await page.getByRole('button', { name: 'Record audio' }).click();
  const stop = page.getByRole('button', { name: 'Stop recording' });
  await expect(stop).toHaveAttribute('aria-pressed', 'true');
  await page.waitForTimeout(1200);
  await stop.click();
  const chip = page.locator('.attachment-tray .attachment');
  await expect(chip).toHaveAttribute('data-state', 'ready');
  await expect(chip).toHaveAttribute('data-kind', 'audio');
  await expect(chip.locator('.attachment-name')).toHaveText(/^recording-.*\.wav$/);
  await input(page).fill('transcribe this');
  await input(page).press('Enter');
  await expect(assistant(page).last().locator('.text')).toHaveText('You said: transcribe this (via openai; attachments: 1)');
  const part = (await lastUpstreamMessage(page)).content[1];
  expect(part.type).toBe('input_audio');
  expect(part.input_audio.format).toBe('wav');
  const wav = Buffer.from(part.input_audio.data, 'base64');
  expect(wav.subarray(0, 4).toString()).toBe('RIFF');
  expect(wav.readUInt32LE(24)).toBe(16000);
  // About a second of 16-bit samples at 16 kHz.
  expect(wav.length).toBeGreaterThan(16000);
  expect(problems).toEqual([]);
});
