import { test, expect, openChat, assistant, input } from './fixtures';
import type { Page } from '@playwright/test';

// The chat page's WASM carries only what reading, typing, sending,
// streaming and stopping need; other pages and rare parts are chunks of
// their own (`cargo leptos build --split`), fetched on first use.

/** The WASM files the page has fetched so far, by name. */
function wasmFetched(page: Page) {
  const names: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) names.push(path.split('/').pop()!);
  });
  return names;
}

test('the chat page loads one WASM file; the renderer comes with typing, math and highlighting when a reply needs them', async ({ page, problems }) => {
  const fetched = wasmFetched(page);
  await openChat(page);
  await page.waitForLoadState('networkidle');
  expect(fetched).toHaveLength(1);
  const main = fetched[0];
  // The history is the server's HTML: reading needs no renderer. Typing
  // fetches it (its chunk, and any it shares), before the reply needs it.
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill('Plain *words*, please.');
  await expect.poll(() => fetched.length).toBeGreaterThan(1);
  expect(fetched[0]).toBe(main);

  // A reply with neither math nor code renders; another fetches nothing.
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page).last().locator('.markdown em')).toHaveText('words');
  const withRenderer = [...fetched];
  await input(page).fill('More **plain** words.');
  await input(page).press('Enter');
  await expect(assistant(page).last().locator('.markdown strong')).toHaveText('plain');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  expect(fetched).toEqual(withRenderer);

  // A reply with code and math: its chunk loads and the reply renders with
  // it, as the server renders it.
  await input(page).fill('[reply:markdown]');
  await input(page).press('Enter');
  const md = assistant(page).last().locator('.markdown');
  await expect(md.locator('code.language-rust .hl-keyword').first()).toHaveText('fn');
  await expect(md.locator('math')).toHaveCount(2);
  expect(fetched.length).toBeGreaterThan(1);
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  const streamed = await md.innerHTML();
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  expect(await assistant(page).last().locator('.markdown').innerHTML()).toBe(streamed);
  expect(problems).toEqual([]);
});

test('another page fetches its own chunk and works', async ({ page, problems }) => {
  const fetched = wasmFetched(page);
  await page.goto('/playground');
  await expect(page.locator('main.playground')).toHaveAttribute('data-hydrated', 'true');
  // The main bundle and the playground's chunk (and any chunk it shares).
  expect(fetched.length).toBeGreaterThan(1);
  // It works: a model's preview of the draft streams in.
  await page.getByLabel('Model', { exact: true }).selectOption('test-gpt');
  await page.getByLabel('Message to the preview').fill('Hello preview');
  await page.getByLabel('Message to the preview').press('Enter');
  await expect(page.locator('.preview article.message.assistant').last()).toContainText('Hello preview');
  expect(problems).toEqual([]);
});

test('a reply that streams before anyone typed fetches the renderer itself and ends rendered', async ({ page, problems }) => {
  await openChat(page);
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill('[reply:markdown] [delay:40]');
  await input(page).press('Enter');
  await expect(assistant(page).last().locator('.text')).toContainText('fn main');
  // A reload mid-reply: this page has typed nothing, and the reply goes on.
  const fetched = wasmFetched(page);
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'streaming');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  const md = assistant(page).last().locator('.markdown');
  await expect(md.locator('a[href="https://example.com/docs"]')).toHaveText('link');
  expect(fetched.length).toBeGreaterThan(1);
  // What it shows is what the server renders of the stored reply.
  const streamed = await md.innerHTML();
  await page.reload();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  expect(await assistant(page).last().locator('.markdown').innerHTML()).toBe(streamed);
  expect(problems).toEqual([]);
});
