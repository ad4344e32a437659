// One worker pool for the whole app: after visiting every page and running models on two of them,
// one compute worker is alive; a cancel stops it and the next call starts a fresh one; after the
// idle time (shortened here through the retentionLabWorkerIdleMs global) no compute worker is left, nor any of
// its nested workers (k-means kernel helpers, tfjs-backend-wasm's blob: threads).
import { chromium, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import type { Session } from './browser';

const baseUrl = inject('baseUrl');
const IDLE_MS = 10_000;
const s = {} as Session;

type Kind = 'compute' | 'kernel' | 'import' | 'blob' | 'other';
function kindOf(w: Worker): Kind {
  const url = w.url();
  if (url.startsWith('blob:')) return 'blob';
  if (/compute\.worker/.test(url)) return 'compute';
  if (/kernel\.worker/.test(url)) return 'kernel';
  if (/import\.worker/.test(url)) return 'import';
  return 'other';
}

const alive = new Set<Worker>();
let mostCompute = 0;
const count = (kind: Kind) => [...alive].filter((w) => kindOf(w) === kind).length;
const computeWorkers = () => [...alive].filter((w) => kindOf(w) === 'compute');

beforeAll(async () => {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (set CHROME_PATH)');
  s.browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  s.context = await s.browser.newContext();
  // The idle time is read once when the app starts: set it before any of the app's scripts run.
  await s.context.addInitScript((ms) => ((globalThis as Record<string, unknown>).retentionLabWorkerIdleMs = ms), IDLE_MS);
  s.page = await s.context.newPage();
  s.page.on('worker', (w) => {
    alive.add(w);
    w.on('close', () => alive.delete(w));
    mostCompute = Math.max(mostCompute, count('compute'));
  });
  await s.page.goto(baseUrl);
  for (const name of ['Demo transactions', 'Demo customers', 'Demo events']) {
    await s.page.getByTestId('dataset-list').getByText(name).waitFor({ timeout: 120_000 });
  }
});

afterAll(async () => {
  await s.browser?.close();
});

const nav = (label: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true });

async function segment(): Promise<void> {
  await nav('Segments').click();
  const summary = s.page.getByTestId('segment-summary');
  await s.page.getByRole('button', { name: 'Segment customers' }).click();
  await summary.getByText(/2,000 customers in \d+ segments/).waitFor({ timeout: 120_000 });
}

describe('One compute worker for the whole app', () => {
  it('is the only compute worker after visiting every page and running models on two', async () => {
    for (const label of ['Data', 'Segments', 'Churn', 'Satisfaction', 'Lifetime value', 'Recommendations', 'Uplift', 'Actions', 'Workspace']) {
      await nav(label).click();
    }
    await segment();
    await nav('Lifetime value').click();
    const clv = s.page.getByTestId('clv-page');
    await clv.getByRole('button', { name: 'Run', exact: true }).click();
    await clv
      .getByTestId('clv-summary')
      .waitFor({ timeout: 120_000 })
      .catch(async (e: unknown) => {
        throw new Error(`${e instanceof Error ? e.message : e}\nThe page said: ${(await clv.innerText()).slice(0, 2000)}`);
      });
    expect(count('compute')).toBe(1);
    expect(mostCompute).toBe(1);
  });

  it('is stopped by a cancel and started again by the next call', async () => {
    await nav('Churn').click();
    const churn = s.page.getByTestId('churn-page');
    await churn.getByTestId('churn-label-summary').waitFor({ timeout: 60_000 });
    await churn.getByRole('button', { name: 'Train churn model' }).click();
    await churn.getByTestId('churn-progress').waitFor({ timeout: 60_000 });
    const before = computeWorkers();
    expect(before).toHaveLength(1);
    await churn.getByRole('button', { name: 'Cancel', exact: true }).click();
    // Every compute worker ends. Polled rather than waiting for before[0]'s close event: under load the idle stop
    // can end the listed worker just as the training starts another, and a close already fired never fires again
    // (a fresh-clone run timed out that way with two e2e files side by side).
    await expect.poll(() => count('compute'), { timeout: 30_000 }).toBe(0);
    await churn.getByText('Cancelled.').waitFor();
    expect(count('compute')).toBe(0);

    const started = s.page.waitForEvent('worker', { predicate: (w) => kindOf(w) === 'compute', timeout: 60_000 });
    await segment();
    const fresh = await started;
    expect(fresh).not.toBe(before[0]);
    expect(computeWorkers()).toEqual([fresh]);
    expect(mostCompute).toBe(1);
  });

  it('is stopped, with its nested workers, after the idle time', async () => {
    // The idle time counts from the last call's end: a slow machine may still be finishing one (the deadline is generous).
    const deadline = Date.now() + IDLE_MS + 90_000;
    while (Date.now() < deadline && (count('compute') > 0 || count('kernel') > 0 || count('blob') > 0 || count('import') > 0)) {
      await s.page.waitForTimeout(500);
    }
    // Which calls were still in flight, if any, so a failure says what kept the worker alive.
    const pending = await s.page.evaluate(() => (globalThis as { retentionLabWorkers?: () => unknown }).retentionLabWorkers?.());
    expect({ compute: count('compute'), kernel: count('kernel'), blob: count('blob'), import: count('import'), pending }).toEqual({
      compute: 0,
      kernel: 0,
      blob: 0,
      import: 0,
      pending: { compute: [], import: [] },
    });
  });
});
