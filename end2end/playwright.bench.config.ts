import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The server binaries: the release build unless COLLOQUY_BIN_DIR names another.
const bin = process.env.COLLOQUY_BIN_DIR ?? './target/release';

// The page benchmark (bench/): the same browser against servers of its own,
// the model stand-in answering with no delay between tokens.
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '*.bench.ts',
  timeout: 300_000,
  use: { ...base.use, baseURL: 'http://127.0.0.1:3200' },
  webServer: [
    {
      command: `${bin}/test-upstream --listen 127.0.0.1:3201 --token-delay-ms 0 --api-key sk-e2e-test-key`,
      cwd: '..',
      url: 'http://127.0.0.1:3201/_test/stats',
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `${bin}/colloquy --lazy-model`,
      cwd: '..',
      url: 'http://127.0.0.1:3200/favicon.ico',
      reuseExistingServer: false,
      timeout: 60_000,
      env: { COLLOQUY_CONFIG: 'end2end/colloquy.bench.toml', LEPTOS_SITE_ROOT: 'target/site', RUST_LOG: 'warn' },
    },
  ],
});
