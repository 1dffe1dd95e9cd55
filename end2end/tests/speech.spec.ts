import { test, expect, openChat, input, ask } from './fixtures';

// Read aloud and dictation use the browser's speech engines. The tests put
// stand-ins for the browser's APIs (never the app's code) in place before
// the page loads, and record what the page asks of them.

/** A `speechSynthesis` that records each utterance and ends it on demand. */
function fakeSynthesis() {
  const w = window as any;
  w.__spoken = [];
  w.__cancels = 0;
  class Utterance {
    text: string;
    lang = '';
    onend: ((e: unknown) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    constructor(text: string) {
      this.text = text;
    }
  }
  const synthesis = {
    current: null as Utterance | null,
    speak(u: Utterance) {
      w.__spoken.push({ text: u.text, lang: u.lang });
      this.current = u;
    },
    cancel() {
      w.__cancels += 1;
      const u = this.current;
      this.current = null;
      u?.onerror?.({ error: 'interrupted' });
    },
    finish() {
      const u = this.current;
      this.current = null;
      u?.onend?.({});
    },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synthesis, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
}

/** A `SpeechRecognition` the test speaks into (`__recognition.hear`). */
function fakeRecognition() {
  const w = window as any;
  class Recognition {
    lang = '';
    continuous = false;
    interimResults = true;
    onresult: ((e: unknown) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    onend: ((e: unknown) => void) | null = null;
    start() {
      w.__recognition = this;
    }
    stop() {
      this.onend?.({});
    }
    abort() {
      this.onend?.({});
    }
    hear(words: string, isFinal = true) {
      const result: any = [{ transcript: words, confidence: 0.9 }];
      result.isFinal = isFinal;
      this.onresult?.({ resultIndex: 0, results: [result] });
    }
  }
  Object.defineProperty(window, 'SpeechRecognition', { value: Recognition, configurable: true });
}

test('Read aloud speaks a reply as text, announces code blocks, and stops', async ({ page, problems }) => {
  await page.addInitScript(fakeSynthesis);
  const reply = await ask(page, '[reply:markdown]');
  const read = reply.getByRole('button', { name: 'Read aloud' });
  await read.click();
  await expect(read).toHaveAttribute('aria-pressed', 'true');
  const spoken = await page.evaluate(() => (window as any).__spoken);
  expect(spoken).toHaveLength(1);
  const text: string = spoken[0].text;
  // The rendered words, without markdown's marks.
  expect(text).toContain('Heading');
  expect(text).toContain('Some bold, italic and struck text with inline code.');
  expect(text).toContain('Rust static');
  expect(text).toContain('A link.');
  // Formulas are named, not spelled out from their MathML.
  expect(text).toContain('Inline math formula and display math:');
  expect(text).not.toContain('mc2');
  expect(text).not.toMatch(/\*\*|~~|\||```|\[link\]/);
  // The code block is announced, not read; its Copy button is not read.
  expect(text).toContain('Code block, not read aloud.');
  expect(text).not.toContain('println');
  expect(text).not.toContain('Copy');
  // The end of the speech puts the button back.
  await page.evaluate(() => (window as any).speechSynthesis.finish());
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  // Stop reading cancels the speech.
  await read.click();
  await expect(read).toHaveAttribute('aria-pressed', 'true');
  await read.click();
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => (window as any).__cancels)).toBeGreaterThanOrEqual(2);
  expect(problems).toEqual([]);
});

test('Dictate types what speech recognition hears into the message box', async ({ page, problems }) => {
  await page.addInitScript(fakeRecognition);
  await openChat(page);
  await input(page).fill('Note:');
  const dictate = page.getByRole('button', { name: 'Dictate', exact: true });
  await dictate.click();
  await expect(dictate).toHaveAttribute('aria-pressed', 'true');
  await page.evaluate(() => (window as any).__recognition.hear('not final', false));
  await page.evaluate(() => (window as any).__recognition.hear(' buy more coffee '));
  await expect(input(page)).toHaveValue('Note: buy more coffee');
  await page.evaluate(() => (window as any).__recognition.hear('and milk'));
  await expect(input(page)).toHaveValue('Note: buy more coffee and milk');
  await dictate.click();
  await expect(dictate).toHaveAttribute('aria-pressed', 'false');
  // The dictated text is sent like typed text.
  await expect(page.locator('button.send')).toBeEnabled();
  // A refused microphone is said, and listening ends.
  await dictate.click();
  await page.evaluate(() => {
    const r = (window as any).__recognition;
    r.onerror({ error: 'not-allowed' });
    r.onend({});
  });
  await expect(page.locator('.composer-error')).toHaveText('Dictation stopped: not allowed.');
  await expect(dictate).toHaveAttribute('aria-pressed', 'false');
  expect(problems).toEqual([]);
});

test('without the speech engines neither button is shown', async ({ page, problems }) => {
  await page.addInitScript(() => {
    for (const name of ['speechSynthesis', 'SpeechSynthesisUtterance', 'SpeechRecognition', 'webkitSpeechRecognition']) {
      delete (window as any)[name];
      delete (Window.prototype as any)[name];
    }
  });
  const reply = await ask(page, 'hello');
  expect(await page.evaluate(() => 'speechSynthesis' in window || 'webkitSpeechRecognition' in window)).toBe(false);
  await expect(reply.getByRole('button', { name: 'Like', exact: true })).toBeVisible();
  await expect(reply.getByRole('button', { name: 'Read aloud' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Dictate', exact: true })).toHaveCount(0);
  expect(problems).toEqual([]);
});
