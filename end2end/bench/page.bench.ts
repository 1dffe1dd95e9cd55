// The chat page's budgets (issue 4), measured in headless Chromium:
//  - a conversation of 1,000 messages with code blocks loads and renders in
//    under 1 s;
//  - appending a streamed token costs the same with 1,000 prior messages as
//    with 1 (only the streaming message re-renders).
// Prints figures; run with scripts/bench-page.sh.
import { test, expect, Page, BrowserContext } from '@playwright/test';
import { turn } from './helpers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 400);

/** Builds a stored conversation of `turns` × 2 messages under the context's
 * cookie: one turn through the form path (its reply is the stand-in's
 * markdown sample: a heading, a table, a task list, a Rust code block, math
 * and links), exported, and imported again with that turn `turns` times.
 * Returns its address. */
async function seed(context: BrowserContext, turns: number) {
  const res = await context.request.post('/api/post_message', {
    form: { message: 'message 0 [reply:markdown]', model: 'test-gpt' },
    headers: { Accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  const path = res.headers()['location'];
  if (turns === 1) return path;
  const exported = await (await context.request.get(`${path}/export.json`)).json();
  const [question, reply] = exported.messages;
  exported.messages = Array.from({ length: turns }, (_, i) => [{ ...question, content: `message ${i} [reply:markdown]` }, reply]).flat();
  const imported = await context.request.post('/api/import', { data: exported });
  expect(imported.status()).toBe(201);
  return (await imported.json()).url as string;
}

/** Milliseconds from navigation start to the first paint and to hydration. */
async function load(page: Page, path: string) {
  await page.goto(path, { waitUntil: 'commit' });
  await page.waitForSelector('.chat[data-hydrated="true"]', { timeout: 60_000 });
  return page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    responseEnd: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd,
    htmlBytes: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).transferSize,
    domContentLoaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
    hydrated: performance.now(),
    messages: document.querySelectorAll('article.message').length,
    codeBlocks: document.querySelectorAll('.code-block').length,
  }));
}

/** Main-thread time per streamed token: a turn of TOKENS tokens less a turn
 * of one, so the turn's one-off costs (sending the history, adding the two
 * new messages) cancel out, divided by the tokens in between. The stand-in
 * paces tokens 5 ms apart, as a fast model would. */
async function streamCost(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const one = await turn(page, cdp, 'warm up [tokens:1] [delay:5]');
  const many = await turn(page, cdp, `stream [tokens:${TOKENS}] [delay:5]`);
  await cdp.detach();
  const per = (key: 'task' | 'script' | 'layout') => (many[key] - one[key]) / (TOKENS - 1);
  return {
    firstToken: many.firstToken,
    oneOff: one.task,
    oneOffScript: one.script,
    oneOffLayout: one.layout,
    taskPerToken: per('task'),
    scriptPerToken: per('script'),
    layoutPerToken: per('layout'),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A page opens a conversation at its newest 100 messages; `?show=1000` asks
// for all of the long one (the no-JavaScript "Show earlier messages").
for (const [turns, show] of [[1, 0], [500, 0], [500, 1000]]) {
  const shown = Math.min(turns * 2, show || 100);
  test(`a conversation of ${turns * 2} messages, ${shown} shown`, async ({ browser }) => {
    const loads = [];
    const streams = [];
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.newContext();
      const path = await seed(context, turns);
      const page = await context.newPage();
      const loaded = await load(page, show ? `${path}?show=${show}` : path);
      if (process.env.BENCH_CSS) await page.addStyleTag({ content: process.env.BENCH_CSS });
      expect(loaded.messages).toBe(shown);
      expect(loaded.codeBlocks).toBe(shown / 2);
      loads.push(loaded);
      streams.push(await streamCost(page));
      await context.close();
    }
    const fmt = (x: number) => x.toFixed(x < 10 ? 3 : 0);
    console.log(
      `[bench] messages=${turns * 2} shown=${shown} rounds=${ROUNDS} tokens=${TOKENS} ` +
        `html_bytes=${median(loads.map((l) => l.htmlBytes))} ` +
        `response_end_ms=${fmt(median(loads.map((l) => l.responseEnd)))} ` +
        `first_paint_ms=${fmt(median(loads.map((l) => l.fcp)))} ` +
        `dom_content_loaded_ms=${fmt(median(loads.map((l) => l.domContentLoaded)))} ` +
        `hydrated_ms=${fmt(median(loads.map((l) => l.hydrated)))} ` +
        `first_token_ms=${fmt(median(streams.map((s) => s.firstToken)))} ` +
        `main_thread_ms_per_token=${fmt(median(streams.map((s) => s.taskPerToken)))} ` +
        `script_ms_per_token=${fmt(median(streams.map((s) => s.scriptPerToken)))} ` +
        `layout_ms_per_token=${fmt(median(streams.map((s) => s.layoutPerToken)))} ` +
        `turn_one_off_main_thread_ms=${fmt(median(streams.map((s) => s.oneOff)))} ` +
        `turn_one_off_script_ms=${fmt(median(streams.map((s) => s.oneOffScript)))} ` +
        `turn_one_off_layout_ms=${fmt(median(streams.map((s) => s.oneOffLayout)))}`,
    );
  });
}
