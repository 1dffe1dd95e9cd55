import { test, expect, openChat } from './fixtures';

// The page runs under a script policy without 'unsafe-inline': its own
// inline scripts carry the response's nonce, hydration still happens, and a
// script injected without the nonce does not run.
test('the page hydrates under a nonce-only script policy, and an injected script does not run', async ({ page, problems }) => {
  const response = await page.goto('/');
  const csp = response!.headers()['content-security-policy'];
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9_-]+)' 'wasm-unsafe-eval'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(response!.headers()['x-colloquy-script-nonce']).toBeUndefined();
  await expect(page.locator('.chat')).toHaveAttribute('data-hydrated', 'true');
  // A fresh nonce per response.
  const again = await page.request.get('/');
  expect(again.headers()['content-security-policy']).not.toContain(nonce!);

  const ran = await page.evaluate(async () => {
    (window as any).injected = false;
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:image/png;base64,AAAA" onerror="window.injected=true">';
    document.body.appendChild(holder);
    const inline = document.createElement('script');
    inline.textContent = 'window.injected = true';
    document.body.appendChild(inline);
    await new Promise((r) => setTimeout(r, 300));
    return (window as any).injected;
  });
  expect(ran).toBe(false);
  // Only the refusals of the injected script and handler, nothing of the app's own.
  expect(problems.filter((p) => !p.includes('Content Security Policy'))).toEqual([]);
});

test('a state-changing request from another site is refused', async ({ page }) => {
  await openChat(page);
  const refused = await page.request.post('/api/rename_conversation', {
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    form: { id: '0123456789abcdef0123456789abcdef', title: 'x' },
  });
  expect(refused.status()).toBe(403);
  const nullOrigin = await page.request.post('/api/upload?name=a.txt', { headers: { origin: 'null' }, data: 'hi' });
  expect(nullOrigin.status()).toBe(403);
  // No CORS answer for anyone by default.
  const preflight = await page.request.fetch('/api/chat_reply', {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers()['access-control-allow-origin']).toBeUndefined();
});
