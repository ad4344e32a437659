// The decision tree on the Churn page in the built app: train the tree on the demo customers, read the diagram
// and the rules, filter the scores to one rule (in the URL, so Back clears it), and target the rules in the
// action list, whose Actions page then joins them as the saved segmentation.
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);
const out = process.env.E2E_OUT ?? 'tmp/e2e';

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  await s.page.setViewportSize({ width: 1280, height: 900 });
  await s.page.getByTestId('dataset-list').getByText('Demo customers').waitFor({ timeout: 120_000 });
});

describe('Churn decision tree', () => {
  it('shows the tree and its rules, filters the scores to a rule, and targets the rules in the action list', async () => {
    await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Churn' }).click();
    const page = s.page.getByTestId('churn-page');
    await page.getByTestId('churn-label-summary').waitFor({ timeout: 60_000 });
    await page.getByLabel('Model', { exact: true }).selectOption({ label: 'decision tree' });
    await page.getByLabel('Folds').fill('3');
    await page.getByRole('button', { name: 'Train churn model' }).click();
    const section = page.getByTestId('churn-tree');
    await section.waitFor({ timeout: 120_000 });
    // The chosen model is the tree itself: no "readable model" note.
    await expect(section.getByTestId('churn-tree-note').count()).resolves.toBe(0);
    const diagram = section.getByTestId('churn-tree-diagram');
    const leaves = await diagram.locator('g.leaf').count();
    expect(leaves).toBeGreaterThan(1);
    expect(leaves).toBeLessThanOrEqual(16);
    await expect(diagram.locator('rect').count()).resolves.toBe(2 * leaves - 1);
    const rules = section.getByTestId('churn-tree-rules').getByRole('button');
    await expect(rules.count()).resolves.toBe(leaves);
    const first = await rules.first().innerText();
    expect(first).toMatch(/^Rule 1\s+.+: [\d.]+% churn, [\d,]+ customers$/);
    // Rule 1's leaf opens in view; a tree wider than its card says it scrolls sideways.
    const [inView, wider] = await diagram.evaluate((el) => {
      const b = el.querySelector('g.leaf[data-rule="1"] rect')!.getBoundingClientRect();
      const c = el.getBoundingClientRect();
      return [b.left >= c.left - 0.5 && b.right <= c.right + 0.5, el.scrollWidth > el.clientWidth];
    });
    expect(inView).toBe(true);
    await expect(section.getByTestId('churn-tree-scroll-cue').count()).resolves.toBe(wider ? 1 : 0);
    // The page never gets wider than the window: a wide tree scrolls inside its card.
    expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await section.screenshot({ path: `${out}/churn-tree.png` });

    // A rule selects its customers: the table shows only them, the chip says how many, the URL keeps it.
    const customers = Number(first.match(/([\d,]+) customers$/)![1].replace(/,/g, ''));
    await rules.first().click();
    const chip = page.getByTestId('churn-rule-chip');
    await chip.waitFor({ timeout: 30_000 });
    await expect(chip.innerText()).resolves.toMatch(new RegExp(`^Showing rule 1: ${customers.toLocaleString('en-US')} customers`));
    await expect(page.getByTestId('churn-scores').locator('tbody tr').count()).resolves.toBe(Math.min(25, customers));
    await expect(page.getByTestId('churn-page-info').innerText()).resolves.toContain(customers.toLocaleString('en-US'));
    expect(s.page.url()).toMatch(/[?&]rule=1(&|$)/);
    // The band chips count the rule's customers, as the table does.
    const chips = page.getByTestId('churn-band-chips');
    await chips.getByText('Rule 1:').waitFor({ timeout: 30_000 });
    const counts = (await chips.locator('.badge').allInnerTexts()).map((t) => Number(t.match(/: ([\d,]+) \(/)![1].replace(/,/g, '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(customers);
    await page.getByTestId('churn-scores').screenshot({ path: `${out}/churn-tree-rule.png` });
    // A leaf in the diagram selects its rule too; Back returns to rule 1, then to everyone.
    await diagram.locator('g.leaf[data-rule="2"]').click();
    await chip.getByText('Showing rule 2').waitFor({ timeout: 30_000 });
    await s.page.goBack();
    await chip.getByText('Showing rule 1').waitFor({ timeout: 30_000 });
    await s.page.goBack();
    await chip.waitFor({ state: 'detached', timeout: 30_000 });
    await expect(page.getByTestId('churn-scores').locator('tbody tr').count()).resolves.toBe(25);

    await section.getByRole('button', { name: 'Target in the action list' }).click();
    const saved = section.getByTestId('churn-tree-saved');
    await saved.waitFor({ timeout: 30_000 });
    expect(await saved.innerText()).toMatch(/^Saved “Churn tree rules · Demo customers”: [\d,]+ customers/);
    await saved.screenshot({ path: `${out}/churn-tree-saved.png` });
    await saved.getByRole('button', { name: 'Open Actions' }).click();
    const actions = s.page.getByTestId('actions-page');
    await actions.getByText('use the saved segmentation “Churn tree rules · Demo customers”').waitFor({ timeout: 30_000 });
    await actions.getByLabel('Recommended items per customer').fill('0');
    await actions.getByRole('button', { name: 'Build action list' }).click();
    const segments = actions.getByLabel('Filter by segment');
    await segments.waitFor({ timeout: 120_000 });
    const options = await segments.locator('option').allInnerTexts();
    expect(options).toContain('Tree rule 1');
    expect(options.filter((o) => o.startsWith('Tree rule '))).toHaveLength(leaves);
  }, 300_000);

  it("with 'auto' the tree is shown beside the chosen model, and a selected rule survives a reload", async () => {
    await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Churn' }).click();
    const page = s.page.getByTestId('churn-page');
    await page.getByLabel('Model', { exact: true }).selectOption('auto');
    await page.getByRole('button', { name: 'Train churn model' }).click();
    await page.getByTestId('churn-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('churn-progress').waitFor({ state: 'detached', timeout: 240_000 });
    const board = page.getByTestId('churn-leaderboard');
    await expect(board.locator('tbody tr').count()).resolves.toBe(6);
    const chosen = (await board.locator('tr.chosen td').first().innerText()).replace(/\s*chosen[\s\S]*$/, '');
    const note = page.getByTestId('churn-tree-note');
    if (chosen === 'decision tree') await expect(note.count()).resolves.toBe(0);
    else expect(await note.innerText()).toMatch(new RegExp(`^The tree below is the readable model \\(AUC 0\\.\\d\\d\\); ${chosen} scores customers \\(AUC 0\\.\\d\\d\\)\\.$`));
    await page.getByTestId('churn-tree-rules').getByRole('button').nth(1).click();
    await page.getByTestId('churn-rule-chip').getByText('Showing rule 2').waitFor({ timeout: 30_000 });
    await s.page.reload();
    await s.page.getByTestId('churn-rule-chip').getByText('Showing rule 2').waitFor({ timeout: 60_000 });
    expect(s.page.url()).toMatch(/[?&]rule=2(&|$)/);
  }, 300_000);
});
