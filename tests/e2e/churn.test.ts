// The churn page in the built app: train on the demo customers (label "churned"), read the
// leaderboard and ROC curve, drag the threshold, export the scores, and not one request off the machine.
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';
import { MODEL_KINDS } from '../../src/lib/models/churn/kinds';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

describe('Churn page', () => {
  it('trains on the demo customers and shows the leaderboard, evaluation and scores', async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo customers').waitFor({ timeout: 90_000 });
    await s.page.getByRole('navigation').getByRole('button', { name: 'Churn' }).click();
    const page = s.page.getByTestId('churn-page');
    const summary = page.getByTestId('churn-label-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.innerText()).toMatch(/churned \(churned = true\)/);
    await expect(page.getByLabel('Label column').inputValue()).resolves.toBe('churned');
    // The leakage audit runs before training, on by default: nothing is flagged on the demo customers.
    expect(await page.getByTestId('churn-leakage-audit').innerText()).toMatch(/^Leakage audit: no column alone separates churners .* or has dates after (the latest date of the linked “Demo (transactions|events)”, 2025-12-31|today)/);

    await page.getByLabel('Folds').fill('3');
    await page.getByRole('button', { name: 'Train churn model' }).click();
    await page.getByTestId('churn-progress').waitFor({ timeout: 30_000 });
    const board = page.getByTestId('churn-leaderboard');
    await board.waitFor({ timeout: 170_000 });
    // auto: one row per model kind
    await expect(board.locator('tbody tr').count()).resolves.toBe(MODEL_KINDS.length);
    await expect(board.getByText('chosen').count()).resolves.toBe(1);
    // the random forest's row carries its out-of-bag AUC
    expect(await board.locator('tbody tr', { hasText: 'random forest' }).innerText()).toMatch(/out-of-bag AUC 0\.\d{3}/);
    // every row's AUC with the same three decimals (0.830, not 0.83)
    for (const t of await board.locator('tbody td:nth-child(2)').allInnerTexts()) expect(t).toMatch(/^\d\.\d{3} ± \d\.\d{3}$/);
    // Each chart renders in a task of its own after its frame (ChartFrame's Later).
    await page.getByTestId('churn-roc').locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('churn-base-rate').innerText()).toMatch(/%$/);
    // Calibration on the out-of-fold predictions, with its Brier score and ECE before and after.
    expect(await page.getByTestId('churn-calibration').innerText()).toMatch(/^Calibration: (none|Platt scaling|isotonic regression).* Brier score \d\.\d{1,4} → \d\.\d{1,4} · expected calibration error \d\.\d{1,4} → \d\.\d{1,4}/);

    // Dragging the threshold changes the confusion numbers at once.
    const stats = page.getByTestId('churn-threshold-stats');
    const slider = page.getByRole('slider', { name: 'Threshold' });
    await slider.fill('0.2');
    const low = await stats.innerText();
    await slider.fill('0.7');
    const high = await stats.innerText();
    expect(high).not.toBe(low);
    const flagged = (t: string) => Number(t.split('\n')[0].replace(/[^\d]/g, ''));
    expect(flagged(high)).toBeLessThan(flagged(low));

    const scores = page.getByTestId('churn-scores');
    await expect(scores.locator('tbody tr').count()).resolves.toBe(25);

    // Columns whose importance is within its fold-to-fold noise are marked, with why, and no
    // customer's reasons cite them.
    const noiseList = page.getByTestId('churn-noise-columns');
    expect(await noiseList.locator('summary').innerText()).toMatch(/^Not cited in customers' reasons: /);
    const noise = await noiseList.locator('li strong').allTextContents();
    expect(noise.length).toBeGreaterThan(0);
    expect(await noiseList.locator('li').first().textContent()).toMatch(/importance -?\d\.\d{4} ± \d\.\d{4} \(standard error over 3 folds\)/);
    await page.getByTestId('churn-importance').getByRole('img', { name: 'Permutation importance by column' }).locator('rect > title', { hasText: '(noise)' }).first().waitFor({ state: 'attached', timeout: 10_000 });
    const reasons = (await scores.locator('td.reasons').allInnerTexts()).flatMap((t) => t.split(' · '));
    expect(reasons.length).toBeGreaterThan(25);
    for (const name of noise) expect(reasons.filter((r) => r.startsWith(`${name} `))).toEqual([]);
    expect(await scores.locator('tbody tr').first().innerText()).toMatch(/^C\d+\s+\d+(\.\d)?%\s+high/);

    const download = s.page.waitForEvent('download');
    await scores.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^churn-scores-.*\.csv$/);
    const text = await readFile((await file.path())!, 'utf8');
    // Then one shap_<column> per source column (issue 18), filled for the riskiest (explained) customer.
    const [head, first] = text.split('\r\n');
    expect(head).toMatch(/^customer,churn_probability,risk_band,reason_1,reason_2,reason_3(,shap_[^,]+)+$/);
    expect(first.split(',').slice(-1)[0]).toMatch(/^-?\d/);

    // Explanations (issue 18): the method, the bar and the beeswarm; the riskiest customer's waterfall first, then
    // the one of the customer whose row is clicked.
    const shap = page.getByTestId('churn-shap');
    expect(await shap.getByTestId('churn-shap-method').innerText()).toMatch(/^(Exact TreeSHAP|Exact linear SHAP|Sampled SHAP: \d+ permutations|Exact TreeSHAP on the forest)/);
    await shap.getByRole('img', { name: 'Mean absolute SHAP value by column' }).waitFor({ timeout: 10_000 });
    await shap.getByTestId('shap-beeswarm').locator('canvas').waitFor({ timeout: 10_000 });
    const fall = shap.getByTestId('shap-waterfall');
    const firstId = (await scores.locator('tbody tr td').first().innerText()).trim();
    await expect.poll(() => fall.getAttribute('data-customer'), { timeout: 15_000 }).toBe(firstId);
    const otherId = (await scores.locator('tbody tr').nth(3).locator('td').first().innerText()).trim();
    await scores.locator('tbody tr').nth(3).click();
    await expect.poll(() => fall.getAttribute('data-customer'), { timeout: 15_000 }).toBe(otherId);
    // The clicked row is marked and its id fills the waterfall's box (a new-user pass saw no feedback on a click).
    expect(await scores.locator('tbody tr[aria-selected="true"]').allInnerTexts()).toEqual([expect.stringMatching(new RegExp(`^${otherId}\\s`))]);
    expect(await shap.getByTestId('shap-customer-input').inputValue()).toBe(otherId);
    expect(await shap.getByTestId('shap-waterfall-note').innerText()).toMatch(/^Churn probability \d+\.\d%/);
    await shap.getByTestId('shap-customer-input').fill('no-such-customer');
    await shap.getByRole('button', { name: 'Show waterfall' }).click();
    expect(await shap.getByTestId('shap-waterfall-error').innerText()).toBe('No customer "no-such-customer" in the last churn scores');

    await s.page.screenshot({ path: '/tmp/churn-page.png', fullPage: true });
    await page.getByTestId('churn-setup').screenshot({ path: '/tmp/churn-setup.png' });
    await page.getByTestId('churn-threshold').screenshot({ path: '/tmp/churn-threshold.png' });
    await page.getByTestId('churn-importance').screenshot({ path: '/tmp/churn-importance.png' });
  });

  it('saves the model and lists it', async () => {
    const models = s.page.getByTestId('churn-models');
    await models.getByLabel('Model name').fill('demo churn');
    await models.getByRole('button', { name: 'Save this model' }).click();
    await models.getByRole('cell', { name: 'demo churn', exact: true }).waitFor({ timeout: 30_000 });
    // A dataset without the model's columns cannot be picked to score, and says what it lacks.
    const target = models.getByLabel('Dataset to score');
    const tx = target.locator('option', { hasText: 'Demo transactions' });
    expect(await tx.isDisabled()).toBe(true);
    expect(await tx.innerText()).toMatch(/lacks \d+ of the model's \d+ columns: /);
    // The training customers have them all, and come first.
    expect(await target.locator('option').nth(1).innerText()).toMatch(/^Demo customers /);

    // The saved model as DuckDB SQL (written in the worker, saved as a file): one WITH ... SELECT after its
    // comment lines, reading the raw table keyed by the customer column and returning it.
    const exporter = s.page.getByTestId('churn-export');
    await exporter.getByLabel('Model to export').selectOption({ label: 'Saved: demo churn' });
    const download = s.page.waitForEvent('download');
    await exporter.getByRole('button', { name: 'Export model as SQL' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('demo-churn-duckdb.sql');
    const sql = (await readFile((await file.path())!, 'utf8')).split('\n').filter((l) => !l.startsWith('--')).join('\n');
    expect(sql).toMatch(/^WITH\nraw AS \(\n {2}SELECT "customer_id" AS k,/);
    expect(sql).toMatch(/\nSELECT k AS "customer_id", probability, CASE .* AS risk_band\nFROM calibrated\n$/);
    // This run's model card and pipeline as JSON, named after the model.
    await exporter.getByLabel('Model to export').selectOption({ index: 0 });
    const card = s.page.waitForEvent('download');
    await exporter.getByRole('button', { name: 'Export model card and pipeline (JSON)' }).click();
    const json = await card;
    expect(json.suggestedFilename()).toMatch(/-churned-\d{4}-\d\d-\d\d\.json$/);
    expect(JSON.parse(await readFile((await json.path())!, 'utf8')).format).toBe('retention-lab/churn-model-card');
  });

  it('derives a label from transactions when asked', async () => {
    const page = s.page.getByTestId('churn-page');
    await page.getByLabel('No label: derive one from transactions').check();
    const summary = page.getByTestId('churn-label-summary');
    await page.getByText(/Features up to \d{4}-\d\d-\d\d, label from the 90 days after/).waitFor({ timeout: 60_000 });
    await page.getByTestId('churn-setup').screenshot({ path: '/tmp/churn-derive.png' });
    expect(await summary.innerText()).toMatch(/churned \(churned = true\)/);
    await expect(page.getByLabel('Horizon days').inputValue()).resolves.toBe('90');

    // Backtest over time on the same transactions: 4 cut-offs, each model trained on earlier snapshots.
    const bt = page.getByTestId('churn-backtest');
    await bt.getByRole('button', { name: 'Run backtest' }).click();
    const headline = bt.getByTestId('backtest-headline');
    await headline.waitFor({ timeout: 120_000 });
    // The time-based AUC next to the shuffled cross-validated one of the run above.
    expect(await headline.innerText()).toMatch(/^Time-based AUC 0\.\d{3} \(mean over 4 cut-offs, 90-day horizon, logistic regression\) against 0\.\d{3} for BG\/NBD; the shuffled \d+-fold cross-validated AUC above is 0\.\d{3}/);
    await expect(bt.getByTestId('backtest-table').locator('tbody tr').count()).resolves.toBe(4);
    // With dates, the run's summary leads with the time-based figure.
    expect(await page.getByTestId('churn-headline-time').innerText()).toMatch(/^Over time: AUC 0\.\d{3} over 4 past cut-offs \(90-day horizon\) against 0\.\d{3} for BG\/NBD/);
    await bt.locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
    const download = s.page.waitForEvent('download');
    await bt.getByRole('button', { name: 'Export CSV' }).click();
    const csv = (await readFile((await (await download).path())!, 'utf8')).trim().split(/\r?\n/);
    expect(csv).toHaveLength(5);
    expect(csv[0].startsWith('cutoff,label_end,trained_on,model,customers,churned,auc')).toBe(true);
    // Too many cut-offs for the demo's two years: said, not crashed.
    await bt.getByLabel('Backtest cut-offs').fill('12');
    await bt.getByRole('button', { name: 'Run backtest' }).click();
    await expect(bt.getByTestId('backtest-error').innerText({ timeout: 60_000 })).resolves.toMatch(/^Too few dates for 12 cut-offs/);
    await bt.getByLabel('Backtest cut-offs').fill('4');
  });

  it('keeps its result after a reload, says when its dataset changed, and loses it with the dataset', async () => {
    const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
    const page = s.page.getByTestId('churn-page');
    const board = page.getByTestId('churn-leaderboard');
    const scores = page.getByTestId('churn-scores');
    const before = await scores.locator('tbody tr').first().innerText();
    const boardBefore = await board.innerText();

    await s.page.reload();
    await nav('Churn');
    await board.waitFor({ timeout: 60_000 });
    await expect(board.innerText()).resolves.toBe(boardBefore);
    // auto: one row per model kind
    await expect(board.locator('tbody tr').count()).resolves.toBe(MODEL_KINDS.length);
    await page.getByTestId('churn-roc').locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
    await scores.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    await expect(scores.locator('tbody tr').count()).resolves.toBe(25);
    await expect(scores.locator('tbody tr').first().innerText()).resolves.toBe(before);
    await expect(page.getByTestId('stale-notice').count()).resolves.toBe(0);
    // The backtest is stored too.
    await expect(page.getByTestId('backtest-headline').innerText({ timeout: 30_000 })).resolves.toMatch(/^Time-based AUC 0\.\d{3} \(mean over 4 cut-offs/);
    // The export works from the stored scores (a fresh worker).
    const download = s.page.waitForEvent('download');
    await scores.getByRole('button', { name: 'Export CSV' }).click();
    const text = await readFile((await (await download).path())!, 'utf8');
    expect(text.split('\r\n')[1].split(',')[0]).toBe(before.split(/\s/)[0]);

    // A column of its dataset changes type: the result is out of date.
    await nav('Data');
    await s.page.getByTestId('dataset-list').getByRole('button', { name: 'Demo customers' }).click();
    const detail = s.page.getByTestId('dataset-detail');
    await detail.getByLabel('Type of support_tickets').selectOption('number');
    const confirm = detail.getByTestId('retype-confirm');
    await confirm.getByRole('button', { name: 'Change to number' }).click();
    await detail.getByTestId('retype-result').waitFor();
    await nav('Churn');
    const notice = page.getByTestId('stale-notice');
    await notice.waitFor();
    await expect(notice.innerText()).resolves.toMatch(/^Out of date: .*Demo customers/);
    await s.page.reload();
    await nav('Churn');
    await board.waitFor({ timeout: 60_000 });
    await expect(notice.innerText()).resolves.toBe('Out of date: “Demo customers” changed since this result; run again.');

    // Deleting the dataset deletes the result: after a reload the page has none.
    await nav('Data');
    s.page.once('dialog', (d) => void d.accept());
    await s.page.getByTestId('dataset-list').locator('tr', { hasText: 'Demo customers' }).getByRole('button', { name: 'Delete' }).click();
    await s.page.getByTestId('dataset-list').locator('tr', { hasText: 'Demo customers' }).waitFor({ state: 'detached', timeout: 30_000 });
    await s.page.reload();
    await nav('Churn');
    await s.page.locator('[data-testid="churn-page"][data-restored="true"]').waitFor({ timeout: 60_000 });
    await expect(board.count()).resolves.toBe(0);
    await expect(scores.count()).resolves.toBe(0);
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
