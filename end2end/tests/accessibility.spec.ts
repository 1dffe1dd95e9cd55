import AxeBuilder from '@axe-core/playwright';
import { test, expect, openChat, assistant, input } from './fixtures';

/** axe-core's serious and critical findings on the page as it is now. */
async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)).slice(0, 3).join(', ')})`);
}

for (const theme of ['light', 'dark']) {
  test(`axe finds no serious problems in the ${theme} theme, empty or mid-conversation`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme as 'light' | 'dark' });
    await openChat(page);
    expect(await seriousViolations(page)).toEqual([]);

    // A conversation with markdown, code, math, a table, reasoning and a tool call.
    await page.getByLabel('Model').selectOption('test-gpt');
    await input(page).fill('show me [reply:markdown] [think] [tool]');
    await input(page).press('Enter');
    await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
    await page.locator('details.settings-panel summary').click();
    await page.getByLabel('Attach files').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
    await expect(page.locator('.attachment-tray .attachment')).toHaveAttribute('data-state', 'ready');
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('axe finds no serious problems in the playground or on the bots page', async ({ page }) => {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/playground');
    await expect(page.locator('main.playground')).toHaveAttribute('data-hydrated', 'true');
    await page.getByRole('button', { name: '+ Add a setting' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/bots');
    expect(await seriousViolations(page)).toEqual([]);
  }
});

test('streaming text is announced, controls are labelled, and focus is visible', async ({ page }) => {
  await openChat(page);
  // Replies reach screen readers through a polite live region, a sentence at a time.
  const live = page.locator('[aria-live="polite"][role="status"].sr-only');
  const spoken: string[] = [];
  await page.exposeFunction('heard', (text: string) => spoken.push(text));
  await live.evaluate((region) =>
    new MutationObserver(() => (window as any).heard(region.textContent)).observe(region, { childList: true, subtree: true, characterData: true }),
  );
  await page.getByLabel('Model').selectOption('test-gpt');
  await input(page).fill('First sentence. Second one! Third?');
  await input(page).press('Enter');
  await expect(assistant(page).last()).toHaveAttribute('data-status', 'complete');
  await expect(live).toHaveText(/\(via openai\)$/);
  // Whole sentences, each heard once: the server sends text in batches
  // (at most every 50 ms), and sentences that finish in one batch are
  // announced together (a live region speaks only its last text).
  expect(spoken.join(' ')).toBe('You said: First sentence. Second one! Third? (via openai)');
  for (const said of spoken.slice(0, -1)) expect(said).toMatch(/[.!?]$/);
  // Every button, input, select and textarea has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea')]
      .filter((el) => {
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title');
        const byLabel = (el as HTMLInputElement).labels?.length;
        const text = (el.textContent ?? '').trim();
        return !(labelled || byLabel || (el.tagName === 'BUTTON' && text));
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);
  // Tabbing reaches the message box, and the focused control shows an outline.
  await input(page).focus();
  await page.keyboard.press('Shift+Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});
