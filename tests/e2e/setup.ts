// Builds the app once and serves it on localhost for the end-to-end tests, as `npm start` would.
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

// E2E_OUT lets two checkouts' (or two people's) e2e runs build side by side.
const outDir = process.env.E2E_OUT ?? 'tmp/e2e-dist';
let server: PreviewServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `npm test` (scripts/test.mjs) builds the app while svelte-check and ESLint run, and names the folder it built.
  if (process.env.E2E_BUILT !== outDir) await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await preview({ logLevel: 'warn', build: { outDir }, preview: { port: 4310, strictPort: false, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report a URL');
  project.provide('baseUrl', url);
  return async () => {
    await server?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
