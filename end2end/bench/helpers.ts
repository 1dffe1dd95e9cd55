// Helpers shared by the benchmarks: Chromium's main-thread counters and
// one streamed turn measured without polling the page.
import { Page, CDPSession } from '@playwright/test';

/** Chromium's main-thread counters (CDP Performance.getMetrics), in ms. */
export async function counters(cdp: CDPSession) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
}

/** Sends `text` and waits for the reply to finish without polling the page
 * (a Playwright locator polled during the stream would query all 1,000
 * messages each time and be counted as the page's work). Returns the
 * main-thread time the whole turn took, and the time to its first token.
 * `whileStreaming`, if given, runs from the send until the reply ends. */
export async function turn(page: Page, cdp: CDPSession, text: string, whileStreaming?: (done: Promise<unknown>) => Promise<void>) {
  await page.getByLabel('Model').selectOption('test-gpt');
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await page.evaluate(() => {
    const list = document.querySelector('.messages')!;
    (window as any).__turn = new Promise<{ sent: number; first: number }>((resolve) => {
      // From the Enter key (not from now: focusing the box by its label
      // first scans the whole page).
      let sent = 0;
      document.addEventListener('keydown', () => (sent = performance.now()), { capture: true, once: true });
      let first = 0;
      // Only the list's own children: the new reply's article, then its status.
      const added = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (!(node instanceof HTMLElement) || !node.matches('article.message.assistant')) continue;
            added.disconnect();
            const text = new MutationObserver(() => {
              first = performance.now();
              text.disconnect();
            });
            text.observe(node.querySelector('.text')!, { childList: true, subtree: true, characterData: true });
            const status = new MutationObserver(() => {
              if (node.getAttribute('data-status') === 'complete') {
                status.disconnect();
                resolve({ sent, first: first - sent });
              }
            });
            status.observe(node, { attributes: true, attributeFilter: ['data-status'] });
          }
        }
      });
      added.observe(list, { childList: true });
    });
  });
  await box.focus();
  const before = await counters(cdp);
  // The keyboard, not a locator: resolving getByLabel scans every element on
  // the page (~0.8 s with 1,000 messages), which would count as the page's.
  await page.keyboard.press('Enter');
  const done = page.evaluate(() => (window as any).__turn);
  if (whileStreaming) await whileStreaming(done);
  const timing = await done;
  const after = await counters(cdp);
  return { firstToken: timing.first, task: after.task - before.task, script: after.script - before.script, layout: after.layout - before.layout, style: after.style - before.style };
}
