import { describe, expect, it } from 'vitest';
import { scorableDatasets } from './models';

const ds = (name: string, ...cols: string[]) => ({ name, columns: cols.map((c) => ({ name: c })) });

describe('scorableDatasets', () => {
  const model = { columns: ['tenure', 'Contract', 'MonthlyCharges', 'TotalCharges', 'PaymentMethod'] };
  it('lists datasets with every column of the model first, the others after with what they lack', () => {
    const products = ds('Demo products', 'product_id', 'name');
    const partial = ds('Partial', 'tenure', 'Contract', 'TotalCharges');
    const next = ds('Next month', 'customerID', 'tenure', 'Contract', 'MonthlyCharges', 'TotalCharges', 'PaymentMethod', 'Churn');
    const out = scorableDatasets(model, [products, partial, next]);
    expect(out.map((r) => r.dataset.name)).toEqual(['Next month', 'Demo products', 'Partial']);
    expect(out[0].reason).toBeNull();
    expect(out[1].reason).toBe("lacks 5 of the model's 5 columns: tenure, Contract, MonthlyCharges, ...");
    expect(out[2].reason).toBe("lacks 2 of the model's 5 columns: MonthlyCharges, PaymentMethod");
  });
  it('keeps every dataset selectable without a model', () => {
    expect(scorableDatasets(null, [ds('A', 'x')])).toEqual([{ dataset: ds('A', 'x'), reason: null }]);
  });
});
