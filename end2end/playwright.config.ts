import { defineConfig } from '@playwright/test';

// The folder of the server binaries: scripts/test.sh builds them with the
// `ci` profile (target/ci); by hand, `cargo build --release` (target/release).
const bin = process.env.COLLOQUY_BIN_DIR ?? './target/release';

// Runs against an optimised build (the client from `cargo leptos build
// --release`), started here.
// The browser is Debian's chromium: Playwright never downloads one.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // Two projects side by side, one worker each: the XSS corpus on a server
  // of its own (colloquy.xss.toml), everything else on one embedded model
  // (more workers there would only queue behind each other, and several
  // tests read back the requests the stand-in model server received).
  workers: 2,
  projects: [
    { name: 'app', testIgnore: /xss\.spec\.ts/, workers: 1 },
    { name: 'xss', testMatch: /xss\.spec\.ts/, workers: 1, use: { baseURL: 'http://127.0.0.1:3105' } },
  ],
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:3100',
    trace: 'off',
    // The app's service worker (installable.spec.ts allows it) would answer
    // pages and files in place of the network, where tests watch and route
    // requests.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // A fake microphone (a beep) that needs no permission prompt.
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    },
  },
  webServer: [
  {
    // Another site, whose page embeds the widget (widget.spec.ts).
    command: 'node widget-host/server.mjs',
    url: 'http://127.0.0.1:3104/',
    reuseExistingServer: false,
    timeout: 10_000,
    env: { PORT: '3104' },
  },
  {
    // Speaks the OpenAI, Anthropic and Ollama stream formats on loopback.
    command: `${bin}/test-upstream --listen 127.0.0.1:3101 --token-delay-ms 15 --api-key sk-e2e-test-key`,
    cwd: '..',
    url: 'http://127.0.0.1:3101/_test/stats',
    reuseExistingServer: false,
    timeout: 30_000,
  },
  {
    // The playground replaces only the bots its own user saved: each run
    // starts with no saved bots (a browser of an earlier run was someone else).
    command: `rm -rf target/e2e-bots && ${bin}/colloquy`,
    cwd: '..',
    url: 'http://127.0.0.1:3100/favicon.ico',
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      COLLOQUY_CONFIG: 'end2end/colloquy.test.toml',
      LEPTOS_SITE_ROOT: 'target/site',
      // The binary `cargo test` built (not cargo-leptos): the client's name.
      LEPTOS_OUTPUT_NAME: 'colloquy',
      RUST_LOG: 'warn',
    },
  },
  {
    // The XSS corpus's own stand-in and server (xss.spec.ts).
    command: `${bin}/test-upstream --listen 127.0.0.1:3106 --token-delay-ms 15 --api-key sk-e2e-test-key`,
    cwd: '..',
    url: 'http://127.0.0.1:3106/_test/stats',
    reuseExistingServer: false,
    timeout: 30_000,
  },
  {
    command: `rm -f target/e2e-xss.db* && ${bin}/colloquy`,
    cwd: '..',
    url: 'http://127.0.0.1:3105/favicon.ico',
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      COLLOQUY_CONFIG: 'end2end/colloquy.xss.toml',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_OUTPUT_NAME: 'colloquy',
      RUST_LOG: 'warn',
    },
  },
  {
    // `password` mode (accounts.spec.ts).
    command: `${bin}/colloquy`,
    cwd: '..',
    url: 'http://127.0.0.1:3102/favicon.ico',
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      COLLOQUY_CONFIG: 'end2end/colloquy.password.toml',
      LEPTOS_SITE_ROOT: 'target/site',
      // The binary `cargo test` built (not cargo-leptos): the client's name.
      LEPTOS_OUTPUT_NAME: 'colloquy',
      RUST_LOG: 'warn',
    },
  },
  ],
});
