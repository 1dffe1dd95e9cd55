// The chat page's client budgets (issue 24), in headless Chromium:
//  - first load: bytes on the wire (every request, compressed as served:
//    CDP's encodedDataLength, headers included) and the number of requests,
//    until the page is hydrated and the network is idle;
//  - on a phone-like profile (1.6 Mbit/s down, 750 kbit/s up, 150 ms
//    latency, CPU slowed 4×): the time to first paint, to the message box
//    being there (the server-rendered form works without JavaScript) and
//    to hydrated;
//  - main-thread time per streamed token (CDP TaskDuration) over a
//    500-token turn at 20 ms a token, divided by 500;
//  - in one long reply (paragraphs of 40 tokens, 20 ms a token), the
//    per-token cost near token 50 and near token 2,000.
// Prints figures; run with scripts/bench-page.sh client.
import { test, expect, Page, CDPSession } from '@playwright/test';
import { counters, turn } from './helpers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => x.toFixed(x < 10 ? 3 : 0);

/** Records, from the first byte of the page on, when the message box
 * appears and when the page says it is hydrated. */
function recordMilestones() {
  const t: Record<string, number> = {};
  (window as any).__milestones = t;
  const check = () => {
    if (!t.input && document.querySelector('form#composer textarea')) t.input = performance.now();
    if (!t.hydrated && document.querySelector('.chat[data-hydrated="true"]')) t.hydrated = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-hydrated'] });
}

/** Loads `/` in a fresh context (empty cache), counting what crosses the
 * wire until the page is hydrated and the network has been idle 500 ms. */
async function firstLoad(page: Page, cdp: CDPSession) {
  const sizes = new Map<string, number>();
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e: any) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e: any) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto('/', { waitUntil: 'commit' });
  await page.waitForSelector('.chat[data-hydrated="true"]', { timeout: 120_000 });
  await page.waitForLoadState('networkidle');
  const milestones = await page.evaluate(() => ({
    ...(window as any).__milestones,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  }));
  const bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  const byFile = [...sizes.entries()].map(([id, n]) => `${new URL(urls.get(id) ?? 'about:blank').pathname}=${n}`);
  return { bytes, requests: urls.size, byFile, ...milestones };
}

test('first load of the chat page', async ({ browser }) => {
  const loads = [];
  for (let round = 0; round < ROUNDS; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(recordMilestones);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    loads.push(await firstLoad(page, cdp));
    await context.close();
  }
  console.log(
    `[bench] first_load wire_bytes=${median(loads.map((l) => l.bytes))} requests=${median(loads.map((l) => l.requests))} ` +
      `hydrated_ms=${fmt(median(loads.map((l) => l.hydrated)))} files: ${loads[0].byFile.join(' ')}`,
  );
});

test('first load on a phone-like profile', async ({ browser }) => {
  const loads = [];
  for (let round = 0; round < ROUNDS; round++) {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.addInitScript(recordMilestones);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: 1_600_000 / 8,
      uploadThroughput: 750_000 / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    loads.push(await firstLoad(page, cdp));
    await context.close();
  }
  console.log(
    `[bench] phone first_paint_ms=${fmt(median(loads.map((l) => l.fcp)))} ` +
      `input_usable_ms=${fmt(median(loads.map((l) => Math.max(l.input, l.fcp))))} ` +
      `hydrated_ms=${fmt(median(loads.map((l) => l.hydrated)))} wire_bytes=${median(loads.map((l) => l.bytes))}`,
  );
});

async function chatPage(browser: import('@playwright/test').Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForSelector('.chat[data-hydrated="true"]');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { context, page, cdp };
}

test('main-thread time per streamed token', async ({ browser }) => {
  const turns = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { context, page, cdp } = await chatPage(browser);
    turns.push(await turn(page, cdp, 'stream [tokens:500] [paragraphs:40] [delay:20]'));
    await context.close();
  }
  const per = (key: 'task' | 'script' | 'layout' | 'style') => fmt(median(turns.map((t) => t[key] / 500)));
  console.log(
    `[bench] stream tokens=500 delay_ms=20 main_thread_ms_per_token=${per('task')} ` +
      `script_ms_per_token=${per('script')} layout_ms_per_token=${per('layout')} style_ms_per_token=${per('style')}`,
  );
});

test('per-token cost early and late in one long reply', async ({ browser }) => {
  const TOKENS = 2100;
  const { context, page, cdp } = await chatPage(browser);
  // (main-thread ms, tokens shown) pairs, sampled while the reply streams.
  const samples: [number, number][] = [];
  const shown = () =>
    page.evaluate(() => {
      const texts = document.querySelectorAll('article.message.assistant .text');
      const text = texts[texts.length - 1]?.textContent ?? '';
      const last = text.match(/t(\d+)\.?\s*$/);
      return last ? Number(last[1]) + 1 : 0;
    });
  await turn(page, cdp, `long [tokens:${TOKENS}] [paragraphs:40] [delay:20]`, async (done) => {
    let finished = false;
    done.then(() => (finished = true));
    while (!finished) {
      const { task } = await counters(cdp);
      samples.push([task, await shown()]);
      await page.waitForTimeout(200);
    }
  });
  await context.close();
  /** Main-thread ms per token between the samples around tokens `from` and `to`. */
  const cost = (from: number, to: number) => {
    const a = samples.find(([, n]) => n >= from);
    const b = samples.find(([, n]) => n >= to);
    expect(a && b, `samples around ${from}..${to}`).toBeTruthy();
    return (b![0] - a![0]) / (b![1] - a![1]);
  };
  const early = cost(20, 120);
  const late = cost(1950, 2050);
  console.log(
    `[bench] long_reply tokens=${TOKENS} per_token_ms_near_50=${fmt(early)} per_token_ms_near_2000=${fmt(late)} ratio=${(late / early).toFixed(2)}`,
  );
});
