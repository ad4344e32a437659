import { describe, expect, it } from 'vitest';
import { leakageWarnings } from './leakage';
import { fitPipeline, transformTable } from './pipeline';
import { encodeTarget } from './target';
import { categorical, numeric, syntheticChurn, table } from './testdata';
import { loadTelco } from './testdata-node';

describe('leakageWarnings', () => {
  it('flags a near copy of the label and a feature that alone separates the classes', () => {
    const base = syntheticChurn(400);
    const churn = encodeTarget(base, 'Churn');
    const y = Array.from(churn.y);
    // "reason" is filled in only for churners; "days_since_cancel" is a score that ranks them apart.
    const leaky = table(
      ...base.columns,
      categorical('reason', y.map((v, i) => (v ? 'price' : i === 0 ? 'price' : 'none'))),
      numeric('days_since_cancel', y.map((v, i) => (v ? 100 + i : i / 10))),
    );
    const p = fitPipeline(leaky, 'Churn');
    const w = leakageWarnings(transformTable(p, leaky), y);
    expect(w.map((x) => x.column).sort()).toEqual(['days_since_cancel', 'reason']);
    expect(w.find((x) => x.column === 'reason')?.reason).toMatch(/near copy of the label/);
    expect(w.find((x) => x.column === 'days_since_cancel')?.auc).toBe(1);
  });

  it('finds nothing suspicious in telco', async () => {
    const telco = await loadTelco();
    const y = encodeTarget(telco, 'Churn').y;
    expect(leakageWarnings(transformTable(fitPipeline(telco, 'Churn'), telco), y)).toEqual([]);
  });
});
