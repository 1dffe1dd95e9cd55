import { test, expect, ask } from './fixtures';

// Replies come from the local OpenAI-protocol stand-in, which sends canned
// replies four characters per token, so markup arrives in pieces.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('replies render markdown: tables, task lists, code, math and safe links', async ({ page, problems }) => {
  const reply = await ask(page, '[reply:markdown]');
  const md = reply.locator('.markdown');
  await expect(md.locator('h1')).toHaveText('Heading');
  await expect(md.locator('strong')).toHaveText('bold');
  await expect(md.locator('del')).toHaveText('struck');
  await expect(md.locator('table tr')).toHaveCount(3);
  await expect(md.locator('input[type=checkbox]')).toHaveCount(2);
  await expect(md.locator('input[type=checkbox]').first()).toBeChecked();
  await expect(md.locator('code.language-rust')).toContainText('println!("hello");');
  // Highlighted: keywords and strings in their own colours.
  await expect(md.locator('code.language-rust .hl-keyword').first()).toHaveText('fn');
  const keyword = await md.locator('code.language-rust .hl-keyword').first().evaluate((el) => getComputedStyle(el).color);
  const plain = await md.locator('code.language-rust').evaluate((el) => getComputedStyle(el).color);
  expect(keyword).not.toBe(plain);
  await expect(md.locator('math')).toHaveCount(2);
  await expect(md.locator('math[display=block]')).toHaveCount(1);
  const link = md.locator('a', { hasText: 'link' });
  await expect(link).toHaveAttribute('href', 'https://example.com/docs');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  expect(problems).toEqual([]);
});

test('the copy buttons copy a code block and a whole message', async ({ page, problems }) => {
  const reply = await ask(page, '[reply:markdown]');
  const copyCode = reply.locator('.code-block button.copy-code');
  await copyCode.click();
  await expect(copyCode).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('fn main() {\n    println!("hello");\n}\n');

  await reply.getByRole('button', { name: 'Copy', exact: true }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('| Rust | static |');
  expect(copied).toContain('$E = mc^2$');
  expect(problems).toEqual([]);
});

test('hostile model output runs no script and keeps no dangerous markup', async ({ page, problems }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const reply = await ask(page, '[reply:xss]');
  // Give anything that might fire (image errors, handlers) time to.
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const md = reply.locator('.markdown');
  await expect(md.locator('script, iframe, svg, object, embed')).toHaveCount(0);
  await expect(md.locator('[onerror], [onload], [onclick]')).toHaveCount(0);
  await expect(md.locator('a[href^="javascript:"], a[href^="data:"], img[src^="javascript:"]')).toHaveCount(0);
  // The payloads are shown as text, not swallowed.
  await expect(md).toContainText('<script>window.__xss');
  await expect(md).toContainText('click me');
  expect(problems).toEqual([]);
});
