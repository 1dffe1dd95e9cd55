// Another site, on a port of its own: a page that embeds Colloquy's widget
// with one script tag and one element (widget.spec.ts). The element's
// attributes come from the query string, HTML-escaped:
//   /?src=http://127.0.0.1:3100&model=test-gpt&key=cq-…
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3104);
const escape = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

createServer((request, response) => {
  const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
  if (url.pathname === '/favicon.ico') {
    response.writeHead(204).end();
    return;
  }
  if (url.pathname !== '/') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const src = url.searchParams.get('src') ?? 'http://127.0.0.1:3100';
  const attrs = [['src', src], ['model', url.searchParams.get('model')], ['api-key', url.searchParams.get('key')]]
    .filter(([, value]) => value)
    .map(([name, value]) => ` ${name}="${escape(value)}"`)
    .join('');
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A shop that embeds Colloquy</title>
  <style>li { color: rgb(255, 0, 0); } body { font-family: serif; }</style>
  <script type="module" src="${escape(src)}/widget/colloquy-chat.js"></script>
</head>
<body>
  <h1>Our shop</h1>
  <ul><li>The host page's own list item</li></ul>
  <colloquy-chat${attrs} heading="Ask the shop"></colloquy-chat>
</body>
</html>`);
}).listen(port, '127.0.0.1');
