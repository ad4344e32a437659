// `npm run bench -- scale-10m`: the issue's ten-million-row run, driven through the built app as a user would:
// import a generated customers file (1M) and transactions file (10M), open the profile, segment (RFM + k-means),
// lifetime value (BG/NBD + Gamma-Gamma), cohorts, churn with a label derived from the transactions, and the
// action list. Per step: seconds, peak memory of page + workers (measureUserAgentSpecificMemory, sampled), and
// the longest main-thread task (Long Tasks API). SCALE_TRANSACTIONS / SCALE_CUSTOMERS set a smaller run
// (e.g. 1000000 / 100000) while developing; SCALE_CHURN_MODEL the churn model of both churn steps (default logistic: on two cores a 10M run with gradient boosting twice takes far longer).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { BenchSection, Row } from '../rows';

const TRANSACTIONS = Number(process.env.SCALE_TRANSACTIONS ?? 10_000_000);
const CUSTOMERS = Number(process.env.SCALE_CUSTOMERS ?? 1_000_000);
const CHURN_MODEL = process.env.SCALE_CHURN_MODEL ?? 'logistic';
/** Every wait of one step; a 10M step on two shared cores can take many minutes. */
const STEP_MS = 40 * 60_000;

/** The generated workspace (kept under tmp/bench between runs: the same seed gives the same bytes). */
function generated(work: string, root: string): { customers: string; transactions: string } {
  const dir = path.join(work, `scale-${TRANSACTIONS}-${CUSTOMERS}`);
  const files = { customers: path.join(dir, 'customers.csv'), transactions: path.join(dir, 'transactions.csv') };
  if (!existsSync(files.transactions) || !existsSync(files.customers)) {
    console.error(`[scale] generating ${TRANSACTIONS.toLocaleString('en')} transactions, ${CUSTOMERS.toLocaleString('en')} customers...`);
    const args = ['--transactions', String(TRANSACTIONS), '--customers', String(CUSTOMERS), '--files', 'customers,transactions', '--out', dir];
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/generate.ts'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return files;
}

interface Probe {
  longTasks: number[];
  memPeak: number;
  memLast: number;
  memSamples: number;
}

/** In the page before any app code: long tasks, and memory of page + workers sampled every 2 s. A string, not a
 *  function: tsx's transpiled functions call a `__name` helper the page does not have. */
const PROBE = `(() => {
  const p = { longTasks: [], memPeak: 0, memLast: 0, memSamples: 0 };
  window.rlScale = p;
  new PerformanceObserver((list) => list.getEntries().forEach((e) => p.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  const tick = async () => {
    if (!performance.measureUserAgentSpecificMemory || !crossOriginIsolated) return;
    for (;;) {
      try {
        const { bytes } = await performance.measureUserAgentSpecificMemory();
        p.memLast = bytes;
        p.memPeak = Math.max(p.memPeak, bytes);
        p.memSamples++;
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void tick();
})();`;

interface Step {
  name: string;
  seconds: number;
  peakBytes: number;
  /** Peak resident bytes of the page's renderer process (sampled every 2 s). */
  rssBytes: number;
  longestMs: number;
  note: string;
}

/** The option of a dataset select whose text starts with `name` (not the demo's), chosen by value. */
async function chooseDataset(select: Locator, name: string): Promise<void> {
  const value = await select.evaluate((el, n) => {
    const o = [...(el as HTMLSelectElement).options].find((x) => !x.disabled && (x.textContent ?? '').trim().startsWith(n));
    return o?.value ?? null;
  }, name);
  if (!value) throw new Error(`no dataset "${name}" in ${await select.getAttribute('aria-label')}`);
  await select.selectOption(value);
}

async function importFile(app: Page, file: string): Promise<string> {
  await app.getByTestId('file-input').setInputFiles(file);
  const card = app.getByTestId('import-card').filter({ has: app.getByRole('heading', { name: path.basename(file), exact: true }) });
  await card.getByRole('button', { name: 'Import' }).click({ timeout: STEP_MS });
  const summary = card.getByTestId('import-summary');
  await summary.waitFor({ timeout: STEP_MS });
  return (await summary.innerText()).split('\n')[0];
}

/** SCALE_PROFILE=1: the main thread's top functions by self time per step (CDP profiler), to find long tasks. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}
function topFunctions(p: CpuProfile, n = 8): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x.callFrame]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join('; ');
}

/** Chromium renderer processes launched under this Node process (Linux /proc), by pid. */
function rendererPids(): Set<number> {
  const parent = new Map<number, number>();
  const renderers: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return new Set(renderers.filter(mine));
}

/** Resident and peak resident bytes of a process (VmRSS, VmHWM), 0 when it is gone. */
function residentBytes(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

export const scaleSection: BenchSection = {
  name: 'scale-10m',
  async run({ browser, base, work, root }) {
    const files = generated(work, root);
    // The page's dedicated workers live in its renderer process: its resident memory is page + workers, with
    // what measureUserAgentSpecificMemory leaves out (WebAssembly and tfjs backends' memory, allocator slack).
    const linux = process.platform === 'linux';
    const before = linux ? rendererPids() : new Set<number>();
    let ours: number[] = [];
    let rssStep = 0;
    const sampleRss = () => {
      rssStep = Math.max(rssStep, ours.reduce((sum, pid) => sum + residentBytes(pid).rss, 0));
    };
    const sampler = setInterval(sampleRss, 2000);
    let hwm = 0;
    const context = await browser.newContext();
    const app = await context.newPage();
    app.on('pageerror', (e) => console.error('[scale] page error:', e.message));
    app.on('crash', () => console.error('[scale] the page crashed'));
    await app.addInitScript({ content: PROBE });
    await app.setViewportSize({ width: 1360, height: 900 });
    const nav = (name: string) => app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
    const steps: Step[] = [];
    const cdp = process.env.SCALE_PROFILE ? await context.newCDPSession(app) : null;
    if (cdp) await cdp.send('Profiler.enable');
    const started = performance.now();
    let failed: string | null = null;

    const step = async (name: string, body: () => Promise<string>): Promise<void> => {
      if (failed) return;
      rssStep = 0;
      await app.evaluate(() => {
        const p = (window as unknown as { rlScale: Probe }).rlScale;
        p.longTasks.length = 0;
        p.memPeak = p.memLast;
      });
      console.error(`[scale] ${name}...`);
      if (cdp) await cdp.send('Profiler.start');
      const t0 = performance.now();
      let note = '';
      try {
        note = await body();
      } catch (e) {
        failed = `${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
        await app.screenshot({ path: path.join(work, 'scale-failed.png'), fullPage: true }).catch(() => {});
        note = `FAILED ${failed}`;
      }
      const seconds = (performance.now() - t0) / 1000;
      sampleRss(); // a step shorter than the interval gets one sample too
      const p = await app.evaluate(() => {
        const q = (window as unknown as { rlScale: Probe }).rlScale;
        return { longest: Math.max(0, ...q.longTasks), peak: q.memPeak };
      }).catch(() => ({ longest: NaN, peak: NaN }));
      if (cdp) console.error(`[scale] ${name} main thread, top self time: ${topFunctions((await cdp.send('Profiler.stop')).profile as unknown as CpuProfile)}`);
      steps.push({ name, seconds, peakBytes: p.peak, rssBytes: rssStep, longestMs: p.longest, note });
      console.error(`[scale] ${name}: ${seconds.toFixed(1)} s, peak ${(p.peak / 2 ** 20).toFixed(0)} MiB (renderer resident ${(rssStep / 2 ** 20).toFixed(0)} MiB), longest task ${p.longest.toFixed(0)} ms${note ? ` (${note})` : ''}`);
    };

    try {
      await app.goto(base);
      await app.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 180_000 });
      if (linux) ours = [...rendererPids()].filter((pid) => !before.has(pid));
      const isolated = await app.evaluate(() => crossOriginIsolated);
      if (!isolated) console.error('[scale] the page is not cross-origin isolated: no memory figures');

      await step('import customers', () => importFile(app, files.customers));
      await step('import transactions', () => importFile(app, files.transactions));
      await step('profile', async () => {
        await app.getByTestId('dataset-list').getByRole('button', { name: 'transactions', exact: true }).click();
        const detail = app.getByTestId('dataset-detail');
        await detail.getByTestId('column-card').first().waitFor({ timeout: STEP_MS });
        return `${await detail.getByTestId('column-card').count()} column cards`;
      });
      await step('link customers to transactions (suggested link confirmed)', async () => {
        // The action list joins the two only through a confirmed link (never guessed).
        const row = app.getByTestId('dataset-links').getByTestId('link-row').filter({ hasText: 'transactions.customer_id → customers.customer_id' });
        await row.getByRole('button', { name: 'Confirm' }).click({ timeout: STEP_MS });
        await row.getByText('confirmed').waitFor({ timeout: STEP_MS });
        return '';
      });
      await step('segments (RFM + k-means, K suggested)', async () => {
        await nav('Segments');
        await chooseDataset(app.getByRole('combobox', { name: 'Dataset', exact: true }), 'transactions');
        await app.getByRole('button', { name: 'Segment customers' }).click();
        const summary = app.getByTestId('segment-summary');
        await summary.waitFor({ timeout: STEP_MS });
        return (await summary.innerText()).split('\n')[0];
      });
      await step('lifetime value (BG/NBD + Gamma-Gamma)', async () => {
        await nav('Lifetime value');
        const page = app.getByTestId('clv-page');
        await chooseDataset(page.getByLabel('Transactions dataset'), 'transactions');
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await page.getByTestId('clv-summary').waitFor({ timeout: STEP_MS });
        await page.getByTestId('clv-table').locator('tbody tr').first().waitFor({ timeout: STEP_MS });
        return '';
      });
      await step('cohorts', async () => {
        const page = app.getByTestId('clv-page');
        await page.getByRole('tab', { name: 'Cohorts' }).click();
        await page.getByTestId('cohort-matrix').locator('svg[data-chart]').first().waitFor({ timeout: STEP_MS });
        return '';
      });
      await step(`churn (label derived from transactions, ${CHURN_MODEL})`, async () => {
        await nav('Churn');
        const page = app.getByTestId('churn-page');
        await page.getByLabel('No label: derive one from transactions').check();
        await chooseDataset(page.getByLabel('Transactions dataset'), 'transactions');
        const summary = page.getByTestId('churn-label-summary');
        await page.getByText(/Label "churned" = no purchase in the/).waitFor({ timeout: STEP_MS });
        const label = (await summary.innerText()).split('\n')[0];
        await page.getByLabel('Model', { exact: true }).selectOption(CHURN_MODEL);
        await page.getByLabel('Folds').fill('3');
        await page.getByRole('button', { name: 'Train churn model' }).click();
        await page.getByTestId('churn-leaderboard').or(page.getByTestId('churn-error')).waitFor({ timeout: STEP_MS });
        if (await page.getByTestId('churn-error').count()) throw new Error(await page.getByTestId('churn-error').innerText());
        await page.getByTestId('churn-scores').locator('tbody tr').first().waitFor({ timeout: STEP_MS });
        return label;
      });
      await step(`action list (customers + transactions, ${CHURN_MODEL})`, async () => {
        await nav('Actions');
        const page = app.getByTestId('actions-page');
        await chooseDataset(page.getByLabel('Customers dataset'), 'customers');
        await chooseDataset(page.getByLabel('Transactions dataset'), 'transactions');
        await page.getByLabel('Churn model').selectOption(CHURN_MODEL);
        await page.getByRole('button', { name: 'Build action list' }).click();
        const table = page.getByTestId('action-table');
        await table.locator('tbody tr').first().or(page.getByRole('alert').first()).waitFor({ timeout: STEP_MS });
        if (!(await table.count())) throw new Error(await page.getByRole('alert').first().innerText());
        return '';
      });
    } finally {
      clearInterval(sampler);
      hwm = ours.reduce((sum, pid) => sum + residentBytes(pid).hwm, 0);
      await context.close();
    }

    const total = (performance.now() - started) / 1000;
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    const size = `${(TRANSACTIONS / 1e6).toLocaleString('en')}M transactions + ${(CUSTOMERS / 1e6).toLocaleString('en')}M customers`;
    const peak = Math.max(0, ...steps.map((s) => s.peakBytes).filter(Number.isFinite));
    const longest = Math.max(0, ...steps.map((s) => s.longestMs).filter(Number.isFinite));
    const perStep = steps.map((s) => `${s.name} ${s.seconds.toFixed(1)} s / ${mib(s.peakBytes)} / ${mib(s.rssBytes)} / ${s.longestMs.toFixed(0)} ms`).join('; ');
    const noRef = 'no same-run reference exists for the whole journey';
    const rows: Row[] = [
      { benchmark: `scale-10m: ${size}, import to action list, total`, value: total, unit: 's', target: 'no crash', pass: failed === null, note: failed ? `failed at ${failed}` : `${noRef}; per step (time / peak page+workers measured / peak renderer resident / longest task): ${perStep}` },
      { benchmark: 'scale-10m: peak memory, page + workers', value: peak / 2 ** 30, unit: 'GiB', target: 'reported', pass: null, note: 'measureUserAgentSpecificMemory sampled every 2 s' },
      { benchmark: "scale-10m: peak resident memory of the page's renderer process (page + workers)", value: hwm / 2 ** 30, unit: 'GiB', target: 'reported', pass: null, note: linux ? `VmHWM of ${ours.length} renderer process(es) opened for the app` : 'Linux only' },
      { benchmark: 'scale-10m: longest main-thread task', value: longest, unit: 'ms', target: '<= 50', pass: longest <= 50 },
    ];
    for (const s of steps) {
      rows.push({ benchmark: `scale-10m: ${s.name}`, value: s.seconds, unit: 's', target: '-', pass: s.note.startsWith('FAILED') ? false : null, note: `peak ${mib(s.peakBytes)} measured, ${mib(s.rssBytes)} renderer resident, longest task ${s.longestMs.toFixed(0)} ms${s.note ? `; ${s.note}` : ''}` });
    }
    return rows;
  },
};
