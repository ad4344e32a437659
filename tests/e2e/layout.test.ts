// No page is wider than the window at 1280 x 800 and 1440 x 900, before and after results render:
// wide tables scroll inside their card and forms wrap. One session with the demo workspace visits every
// page, runs each analysis with its quickest settings, and measures the page at both sizes each time.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
];

interface Measure {
  scrollWidth: number;
  clientWidth: number;
  innerWidth: number;
  /** Elements that stick out past the window's right edge while their parent does not: the cause. */
  culprits: string[];
  /** Visible buttons (outside a scrolling box) that are not wholly inside the window. */
  offscreen: string[];
}

/** What the page measures once layout and any resize-driven redraw have settled. */
function measure(page: Page): Promise<Measure> {
  return page.evaluate(async () => {
    // Clicks may have scrolled the page sideways; measure from its left edge.
    window.scrollTo(0, window.scrollY);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const root = document.documentElement;
    const vw = root.clientWidth;
    const describe = (el: Element) => {
      const r = el.getBoundingClientRect();
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${cls}${id ? `[${id}]` : ''} x ${Math.round(r.left)}..${Math.round(r.right)} "${text}"`;
    };
    // Inside a box that scrolls or clips sideways, sticking out is that box's business, not the page's.
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const sticksOut = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && (r.right > vw + 0.5 || r.left < -0.5);
    };
    const culprits: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (!sticksOut(el) || inScroller(el)) continue;
      if (el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)) continue;
      culprits.push(describe(el));
    }
    const offscreen: string[] = [];
    for (const b of document.querySelectorAll('main button, main input[type=file] + button')) {
      const r = b.getBoundingClientRect();
      if (r.width === 0 || inScroller(b)) continue;
      if (r.left < 0 || r.right > vw + 0.5) offscreen.push(describe(b));
    }
    return { scrollWidth: root.scrollWidth, clientWidth: vw, innerWidth: window.innerWidth, culprits: culprits.slice(0, 12), offscreen };
  });
}

/** Checks the page as it is now at both window sizes; soft, so one run lists every page that fails. */
async function checkWidth(what: string, screenshot?: string): Promise<void> {
  for (const size of SIZES) {
    await s.page.setViewportSize(size);
    const m = await measure(s.page);
    if (screenshot) await s.page.screenshot({ path: `/tmp/layout-${screenshot}-${size.width}.png` });
    const where = `${what} at ${size.width}x${size.height}`;
    expect.soft(m.innerWidth, where).toBe(size.width);
    const culprits = m.culprits.join(' | ');
    expect.soft(m.scrollWidth, `${where}: the page is ${m.scrollWidth} px wide; sticking out: ${culprits}`).toBeLessThanOrEqual(m.clientWidth);
    expect.soft(m.culprits, `${where}: elements outside the window`).toEqual([]);
    expect.soft(m.offscreen, `${where}: buttons outside the window`).toEqual([]);
  }
}

async function open(section: string): Promise<void> {
  await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section, exact: true }).click();
}

beforeAll(async () => {
  await s.page.setViewportSize(SIZES[0]);
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
});

describe('page width at 1280x800 and 1440x900', () => {
  it('Data: the list, a dataset profile, and a preview of a very wide file', async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo customers').click();
    await s.page.getByTestId('dataset-detail').waitFor();
    await checkWidth('Data with a dataset profile');
    const names = Array.from({ length: 60 }, (_, i) => `a_rather_long_column_name_${i + 1}`);
    const rows = Array.from({ length: 5 }, (_, r) => names.map((_, c) => `value ${r}-${c} with some text`));
    await s.page.getByTestId('file-input').setInputFiles({
      name: 'wide.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([names, ...rows].map((r) => r.join(',')).join('\n')),
    });
    const card = s.page.getByTestId('import-card').last();
    await card.getByRole('button', { name: 'Import' }).waitFor({ timeout: 30_000 });
    await checkWidth('Data with a 60-column preview', 'preview');
    await card.getByRole('button', { name: 'Close' }).click();
  });

  it('every page before anything has run', async () => {
    // Each page's main button, enabled once the page has picked its demo datasets.
    const ready: [string, string][] = [
      ['Segments', 'Segment customers'],
      ['Churn', 'Train churn model'],
      ['Satisfaction', 'Compute'],
      ['Lifetime value', 'Run'],
      ['Recommendations', 'Run'],
      ['Actions', 'Build action list'],
      ['Workspace', 'Export file'],
    ];
    for (const [section, button] of ready) {
      await open(section);
      await s.page.locator('main > div:not([hidden])').getByRole('button', { name: button, exact: true }).and(s.page.locator(':enabled')).waitFor({ timeout: 60_000 });
      await checkWidth(`${section} (setup)`);
    }
    // The Actions page's own button, by name: it was off screen at 1440 wide.
    await open('Actions');
    for (const size of SIZES) {
      await s.page.setViewportSize(size);
      const box = (await s.page.getByRole('button', { name: 'Build action list' }).boundingBox())!;
      expect.soft(box.x + box.width, `Build action list at ${size.width}`).toBeLessThanOrEqual(size.width);
    }
  });

  it('Segments with results', async () => {
    await open('Segments');
    await s.page.getByRole('button', { name: 'Segment customers' }).click();
    await s.page.getByTestId('segment-summary').waitFor({ timeout: 120_000 });
    await checkWidth('Segments (results)');
  });

  it('Churn with results', async () => {
    await open('Churn');
    const page = s.page.getByTestId('churn-page');
    await page.getByTestId('churn-label-summary').waitFor({ timeout: 60_000 });
    // The decision tree: its diagram (wider than the window at 16 leaves) must scroll inside its card.
    await page.getByLabel('Model', { exact: true }).selectOption('tree');
    await page.getByLabel('Folds').fill('2');
    await page.getByRole('button', { name: 'Train churn model' }).click();
    await page.getByTestId('churn-scores').waitFor({ timeout: 120_000 });
    await page.getByTestId('churn-tree-diagram').waitFor();
    await checkWidth('Churn (results)');
  });

  it('Lifetime value with results, cohorts and survival', async () => {
    await open('Lifetime value');
    const page = s.page.getByTestId('clv-page');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('clv-table').waitFor({ timeout: 120_000 });
    await checkWidth('Lifetime value (results)');
    await page.getByRole('tab', { name: 'Cohorts' }).click();
    await page.getByTestId('cohort-matrix').waitFor({ timeout: 60_000 });
    await checkWidth('Lifetime value (cohorts)');
    await page.getByLabel('Cohort period').selectOption('week');
    await page.getByTestId('cohort-matrix').getByText(/\(\d+\)/).first().waitFor({ timeout: 60_000 });
    await checkWidth('Lifetime value (weekly cohorts)');
    await page.getByRole('tab', { name: 'Survival' }).click();
    await page.getByTestId('survival-summary').waitFor({ timeout: 60_000 });
    await checkWidth('Lifetime value (survival)');
  });

  it('Recommendations with results and a customer list', async () => {
    await open('Recommendations');
    const form = s.page.getByTestId('recommend-form');
    // The quickest comparison: popularity and item-kNN, no tuning sweep.
    await form.getByRole('checkbox', { name: 'auto (tune on validation)' }).uncheck();
    await form.getByRole('checkbox', { name: 'EASE' }).uncheck();
    await form.getByRole('checkbox', { name: 'ALS' }).uncheck();
    await form.getByRole('button', { name: 'Run' }).click();
    await s.page.getByTestId('model-table').waitFor({ timeout: 120_000 });
    await checkWidth('Recommendations (model table)');
    const view = s.page.getByTestId('customer-view');
    await view.getByTestId('customer-matches').locator('button').first().click();
    await view.getByTestId('customer-recs').waitFor({ timeout: 60_000 });
    await view.getByTestId('item-matches').locator('button').first().click();
    await view.getByTestId('also-bought').waitFor({ timeout: 60_000 });
    await checkWidth('Recommendations (customer and item lists)', 'recommend');
  });

  it('Actions with the action list built', async () => {
    await open('Actions');
    const page = s.page.getByTestId('actions-page');
    await page.getByRole('button', { name: 'Build action list' }).click();
    await page.getByTestId('action-table').waitFor({ timeout: 180_000 });
    await checkWidth('Actions (list)', 'actions');
  });

  it('Data and Workspace after everything ran', async () => {
    await open('Data');
    await checkWidth('Data (end)');
    await open('Workspace');
    await checkWidth('Workspace (end)');
  });

  it('every page with a dataset of long names and many columns chosen', async () => {
    const name = 'customers_exported_from_the_crm_with_a_rather_long_file_name_2026_q4_final';
    const extra = Array.from({ length: 36 }, (_, i) => `attribute_with_a_long_descriptive_name_number_${i + 1}`);
    const header = ['customer_identifier_from_the_crm', 'first_purchase_date_in_the_store', 'total_amount_spent_in_euros', 'churned_within_the_next_ninety_days', ...extra];
    const rows = Array.from({ length: 200 }, (_, r) => [
      `CUSTOMER-${String(r).padStart(6, '0')}-EU-WEST`,
      `2025-${String((r % 12) + 1).padStart(2, '0')}-${String((r % 27) + 1).padStart(2, '0')}`,
      (r * 13.7 + 5).toFixed(2),
      r % 3 === 0 ? 'yes' : 'no',
      ...extra.map((_, c) => (c % 2 ? `a long category value ${(r + c) % 4}` : String((r * (c + 1)) % 17))),
    ]);
    await open('Data');
    await s.page.getByTestId('file-input').setInputFiles({ name: `${name}.csv`, mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].map((r) => r.join(',')).join('\n')) });
    const card = s.page.getByTestId('import-card').last();
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await s.page.getByTestId('dataset-list').getByText(name).first().click();
    await checkWidth('Data (long names)');
    // Each page's main dataset picker, where this dataset is offered (and not greyed out).
    const pickers: [string, string][] = [
      ['Segments', 'Dataset'],
      ['Churn', 'Customer dataset'],
      ['Satisfaction', 'Survey dataset'],
      ['Lifetime value', 'Transactions dataset'],
      ['Recommendations', 'Interactions dataset'],
      ['Actions', 'Customers dataset'],
      ['Workspace', ''],
    ];
    for (const [section, label] of pickers) {
      await open(section);
      const select = s.page.locator('main > div:not([hidden])').getByLabel(label, { exact: true });
      const option = select.locator('option', { hasText: name });
      if (label && (await option.count()) === 1 && !(await option.isDisabled())) await select.selectOption((await option.getAttribute('value'))!);
      await checkWidth(`${section} (long names)`, `long-${section.toLowerCase().replace(/ /g, '-')}`);
    }
  });
});
