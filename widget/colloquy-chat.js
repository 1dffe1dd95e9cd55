// One script tag puts Colloquy's chat on any page:
//
//   <script type="module" src="https://chat.example.com/widget/colloquy-chat.js"></script>
//   <colloquy-chat src="https://chat.example.com"></colloquy-chat>
//
// Attributes: `src` (the Colloquy server; required), `model` (an id from its
// /v1/models; default: the first), `heading` (the header; default "Chat"),
// `api-key` (needed unless the server is open to anyone and lists this
// page's origin in `widget.hosts`; a key in a page is public, so give it its
// own key). The chat lives in a shadow root: the page's styles do not reach
// it, and its own do not leak out.
import init, { mount } from './colloquy-widget.js';

const ready = init({ module_or_path: new URL('colloquy-widget_bg.wasm', import.meta.url) });

class ColloquyChat extends HTMLElement {
  async connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const container = document.createElement('div');
    container.className = 'cq-root';
    root.appendChild(container);
    await ready;
    mount(
      container,
      this.getAttribute('src') ?? '',
      this.getAttribute('model') ?? '',
      this.getAttribute('heading') ?? 'Chat',
      this.getAttribute('api-key') ?? '',
    );
  }
}

if (!customElements.get('colloquy-chat')) {
  customElements.define('colloquy-chat', ColloquyChat);
}
