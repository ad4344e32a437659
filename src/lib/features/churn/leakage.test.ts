import { describe, expect, it } from 'vitest';
import { leakageAudit, leakageWarnings } from './leakage';
import { fitPipeline, transformTable } from './pipeline';
import { encodeTarget, labelledRows } from './target';
import { categorical, numeric, syntheticChurn, table } from './testdata';
import { loadTelco } from './testdata-node';

const DAY = 86_400_000;

describe('leakageAudit', () => {
  // One constructed leaky column of each kind beside the honest columns of a synthetic churn table.
  const base = syntheticChurn(400);
  const y = Array.from(encodeTarget(base, 'Churn').y);
  const rows = labelledRows(Float32Array.from(y));
  let k = 0;
  const jitter = (i: number): number => ((i * 7919) % 1000) / 1000;
  const leaky = table(
    ...base.columns,
    // A near copy: the label with two rows flipped (99.5% agreement).
    numeric('churn_flag', y.map((v, i) => (i < 2 ? 1 - v : v)), 'boolean'),
    // Separates almost perfectly but overlaps a little (AUC ~0.995, agreement ~95%).
    numeric('days_since_cancel', y.map((v, i) => (v ? 1 + jitter(i) : 1.1 * jitter(i)))),
    // Filled in for about 60% of churners only: its presence is the label, its AUC alone is ~0.8.
    categorical('cancel_reason', y.map((v) => (v && k++ % 5 < 3 ? (k % 2 ? 'price' : 'service') : null))),
    // Dates spread over the year around the cutoff, unrelated to the label.
    numeric('last_contact', y.map((_, i) => Date.UTC(2025, 0, 1) + (i % 365) * DAY), 'date'),
  );
  const cutoff = { at: Date.UTC(2025, 5, 30), what: "the label's cutoff" };
  const input = { table: leaky, target: 'Churn', rows, y };

  it('flags each kind of leak with a reason in words, and none of the honest columns', () => {
    const found = leakageAudit({ ...input, cutoff });
    const byColumn = new Map(found.map((f) => [f.column, f]));
    expect([...byColumn.keys()].sort()).toEqual(['cancel_reason', 'churn_flag', 'days_since_cancel', 'last_contact']);
    expect(byColumn.get('churn_flag')!.kinds[0]).toBe('copy');
    expect(byColumn.get('churn_flag')!.reason).toMatch(/near copy of the label \(matches it on 99\.5% of rows\)/);
    expect(byColumn.get('days_since_cancel')!.kinds).toEqual(['auc']);
    expect(byColumn.get('days_since_cancel')!.auc).toBeGreaterThan(0.95);
    expect(byColumn.get('days_since_cancel')!.reason).toMatch(/alone separates churned customers almost perfectly \(AUC 0\.99\d\)/);
    const churned = y.filter((v) => v === 1).length;
    const present = leaky.columns.find((c) => c.name === 'cancel_reason')!;
    const filled = 'codes' in present ? present.codes.filter((c) => c >= 0).length : 0;
    expect(byColumn.get('cancel_reason')!.kinds).toEqual(['only-churned']);
    expect(byColumn.get('cancel_reason')!.reason).toContain(`"cancel_reason" only exists for churned customers: it has a value for ${filled} of ${churned} churned`);
    expect(byColumn.get('cancel_reason')!.reason).toContain(`and 0 of ${y.length - churned} other customers (0%)`);
    // 2025-01-01 + 0..364 days: the dates after 2025-06-30 are days 181..364 of each 365-row cycle (400 rows).
    const after = y.filter((_, i) => i % 365 >= 181).length;
    expect(byColumn.get('last_contact')!.kinds).toEqual(['future-date']);
    expect(byColumn.get('last_contact')!.reason).toBe(
      `"last_contact" has ${after} of 400 dates after the label's cutoff (2025-06-30), up to 2025-12-31: those cannot be known when the prediction is made`,
    );
    // Strongest first: the copy before the dates.
    expect(found[0].column).toBe('churn_flag');
  });

  it('makes no date check without a cutoff, and skips columns the user excluded', () => {
    const found = leakageAudit({ ...input, pipeline: { exclude: ['churn_flag', 'cancel_reason'] } }).map((f) => f.column);
    expect(found).toEqual(['days_since_cancel']);
  });

  it('keeps the AUC and near-copy checks under their old name on a feature matrix', () => {
    const p = fitPipeline(leaky, 'Churn');
    const w = leakageWarnings(transformTable(p, leaky), y);
    expect(w.map((x) => x.column).sort()).toEqual(['churn_flag', 'days_since_cancel']);
  });

  it('raises no false alarm on telco’s real columns (dates checked against today)', async () => {
    const telco = await loadTelco();
    const t = encodeTarget(telco, 'Churn');
    const r = labelledRows(t.y);
    const found = leakageAudit({ table: telco, target: 'Churn', rows: r, y: Float32Array.from(r, (i) => t.y[i]), cutoff: { at: Date.UTC(2026, 11, 7), what: 'today' } });
    expect(found).toEqual([]);
  });
});
