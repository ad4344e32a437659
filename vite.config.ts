/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { playwright } from '@vitest/browser-playwright';
import { findChromium, CHROMIUM_ARGS } from './scripts/chromium.mjs';
import { ISOLATION_HEADERS, SECURITY_HEADERS } from './scripts/security-headers.mjs';

// Every response (the page, worker scripts, .wasm, even a 404) carries the Content-Security-Policy,
// cross-origin isolation and nosniff: a <meta> policy would not cover the workers. Vitest's browser
// runner shares the dev server and injects its own inline scripts, so under Vitest the dev server
// sends isolation only (the e2e tests use the preview server, which always sends everything).
const devHeaders = process.env.VITEST ? ISOLATION_HEADERS : SECURITY_HEADERS;
const headersOnEveryResponse: Plugin = {
  name: 'retention-lab:security-headers',
  configureServer(server) {
    server.middlewares.use(setHeaders(devHeaders));
  },
  configurePreviewServer(server) {
    server.middlewares.use(setHeaders(SECURITY_HEADERS));
  },
};

function setHeaders(headers: Record<string, string>) {
  return (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}

// Offline and installable: a generated service worker precaches the whole build (pages, the worker
// bundles and tfjs's .wasm files), so after one visit the app starts with the network off.
// src/pwa/register.ts registers it in production builds only (never under `npm run dev` or tests).
const pwa = VitePWA({
  strategies: 'generateSW',
  injectRegister: false,
  registerType: 'autoUpdate',
  manifest: {
    name: 'Retention Lab',
    short_name: 'Retention Lab',
    description: 'Private customer analytics that runs entirely in your browser.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0f766e',
    icons: [
      { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{html,js,css,wasm,svg,png,webmanifest}'],
    // tfjs-backend-wasm's binaries are several MB each.
    maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
    navigateFallback: '/index.html',
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
  },
});

// V8 compile hints (Chromium 136+): the chunks a first visit runs are compiled whole, on a background thread while
// they stream in, rather than function by function on the UI thread as the app mounts and draws the Data page (the
// mount alone was a ~25 ms task of compiling; issue 15). Only these chunks: eager compilation of the rest would be
// wasted on pages never opened. Matched by the modules a chunk holds, so chunk names and hashes do not matter.
const FIRST_LOAD_MODULES = [
  /\/src\/main\.ts$/,
  /\/src\/ui\/App\.svelte$/,
  /\/node_modules\/svelte\/src\/internal\/client\//,
  /\/src\/state\/workspace\.svelte\.ts$/,
  /\/src\/ui\/data\/DataPage\.svelte$/,
  /\/src\/ui\/common\/Later\.svelte$/,
  /\/src\/ui\/format\.ts$/,
];
const compileHint = (chunk: { moduleIds: string[] }) =>
  chunk.moduleIds.some((id) => FIRST_LOAD_MODULES.some((re) => re.test(id))) ? '//# allFunctionsCalledOnLoad' : '';

export default defineConfig({
  plugins: [headersOnEveryResponse, svelte(), pwa],
  worker: {
    format: 'es',
    // tfjs-backend-wasm starts its pthreads from the source text of a function (Function#toString);
    // minified, that text refers to names the thread does not have, so worker bundles stay unminified.
    rolldownOptions: { output: { minify: false } },
  },
  // Backends are imported on demand; pre-bundling them keeps Vite from re-optimising mid-run.
  optimizeDeps: { include: ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'] },
  // ../shared/datasets is read by browser tests (never bundled, never copied in).
  server: { headers: devHeaders, host: '127.0.0.1', fs: { allow: ['.', '../shared/datasets'] } },
  preview: { headers: SECURITY_HEADERS, host: '127.0.0.1' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, rolldownOptions: { output: { postBanner: compileHint } } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'seeds/**/*.test.ts', 'tests/node/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', 'node_modules/**'],
          // The files share one Node process and its module cache instead of a fresh one each: a fresh one re-imported
          // tfjs, d3 and src/lib for each of ~235 files (25 files took 130 s isolated, 65 s not, under the same load).
          // No unit test may leave global state behind (mocks restored, real timers back, no globals set).
          isolate: false,
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts', 'tests/browser/**/*.test.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: findChromium() ?? undefined,
                args: CHROMIUM_ARGS,
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/setup.ts'],
          // After the unit and browser files (groupOrder 1; those two projects run side by side as group 0), two
          // files at a time: one e2e file keeps about one core busy (the app's compute waits on its page and the page
          // on the worker), so one at a time left the second core idle for five minutes. Side by side with the unit
          // and browser files (three lanes on 2 cores) the timing-sensitive flows (monitor export, idle stop) missed
          // their waits. Each file has its own Chromium, profile and context, so files share nothing but the server.
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
