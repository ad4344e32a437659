// Workers alive and memory of page + workers after a user's tour of the built app: the demo loads,
// every page is visited, one model runs (Segments). Used by `npm run bench -- workers` (bench/run.ts);
// `npx tsx bench/workers.ts` builds and measures the checkout it sits in on its own (how the figure
// from before the one worker pool was taken: this file copied into a worktree of the older commit).
import path from 'node:path';
import { chromium, type Browser, type Worker } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

type Row = { benchmark: string; value: number; unit: string; target: string; pass: boolean | null; note?: string };

const PAGES = ['Data', 'Segments', 'Churn', 'Lifetime value', 'Recommendations', 'Actions', 'Workspace'];

function kinds(workers: Worker[]): string {
  const by = new Map<string, number>();
  for (const w of workers) {
    const url = w.url();
    const kind = url.startsWith('blob:') ? 'blob:' : (/([a-z-]+)\.worker/.exec(url)?.[1] ?? 'other');
    by.set(kind, (by.get(kind) ?? 0) + 1);
  }
  return [...by].map(([k, n]) => `${n} ${k}`).join(', ');
}

/** The browser must run with --enable-blink-features=ForceEagerMeasureMemory (memory is then measured at once). */
export async function workerRows(browser: Browser, base: string, idleWaitMs = 65_000): Promise<Row[]> {
  const ctx = await browser.newContext();
  const app = await ctx.newPage();
  try {
    await app.goto(base);
    for (const name of ['Demo transactions', 'Demo customers', 'Demo events']) {
      await app.getByTestId('dataset-list').getByText(name).waitFor({ timeout: 180_000 });
    }
    const nav = (label: string) => app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true });
    for (const label of PAGES) await nav(label).click();
    await nav('Segments').click();
    await app.getByRole('button', { name: 'Segment customers' }).click();
    await app.getByTestId('segment-summary').getByText(/customers in \d+ segments/).waitFor({ timeout: 180_000 });
    await app.waitForTimeout(1000);

    const measure = async () => {
      const workers = app.workers();
      const bytes = await app.evaluate(async () => {
        const perf = performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
        return crossOriginIsolated && perf.measureUserAgentSpecificMemory ? (await perf.measureUserAgentSpecificMemory()).bytes : NaN;
      });
      return { workers, bytes };
    };
    const after = await measure();
    const rows: Row[] = [
      { benchmark: 'workers alive after the demo, every page visited and one model run', value: after.workers.length, unit: 'workers', target: '-', pass: null, note: kinds(after.workers) },
      { benchmark: 'memory of page + workers after the demo, every page visited and one model run', value: after.bytes / 1e6, unit: 'MB', target: '-', pass: null, note: 'measureUserAgentSpecificMemory' },
    ];
    if (idleWaitMs > 0) {
      await app.waitForTimeout(idleWaitMs);
      const idle = await measure();
      rows.push(
        { benchmark: `workers alive ${idleWaitMs / 1000} s after the last call`, value: idle.workers.length, unit: 'workers', target: '-', pass: null, note: kinds(idle.workers) || 'none' },
        { benchmark: `memory of page + workers ${idleWaitMs / 1000} s after the last call`, value: idle.bytes / 1e6, unit: 'MB', target: '-', pass: null },
      );
    }
    return rows;
  } finally {
    await ctx.close();
  }
}

async function standalone(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..');
  const outDir = path.join(root, 'tmp', 'bench-workers');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (set CHROME_PATH)');
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 4330, strictPort: false, host: '127.0.0.1' } });
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory'] });
  try {
    const rows = await workerRows(browser, server.resolvedUrls!.local[0]);
    for (const r of rows) console.log(`| ${r.benchmark} | ${r.value.toFixed(r.unit === 'MB' ? 1 : 0)} ${r.unit}${r.note ? ` (${r.note})` : ''} |`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  standalone().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
