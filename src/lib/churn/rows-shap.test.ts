import { describe, expect, it } from 'vitest';
import { scoresCsv } from './rows';
import type { ChurnScores } from './types';

describe('scores CSV with SHAP', () => {
  it('adds one shap_<column> per source column for the explained customers, empty for the others', () => {
    const s: ChurnScores = {
      datasetId: 'd',
      createdAt: '2026-01-01T00:00:00Z',
      customers: ['b', 'a', 'c'],
      probability: Float64Array.of(0.5, 0.9, 0.1),
      band: Uint8Array.of(1, 2, 0),
      bandNames: ['low', 'medium', 'high'],
      reasons: [['x'], ['y'], []],
      // Explained: rows 1 then 0 (riskiest first), as ChurnScoresShap.rows orders them.
      shap: { method: 'linear', expected: -1, columns: ['tenure', 'Contract'], values: Float32Array.of(0.25, -0.5, 0.125, 0.0625), rows: Int32Array.of(1, 0) },
    };
    expect(scoresCsv(s).trim().split('\r\n')).toEqual([
      'customer,churn_probability,risk_band,reason_1,reason_2,reason_3,shap_tenure,shap_Contract',
      'a,0.9,high,y,,,0.25,-0.5',
      'b,0.5,medium,x,,,0.125,0.0625',
      'c,0.1,low,,,,,',
    ]);
  });
});
