import { describe, expect, it } from 'vitest';
import { valueColumnLabel } from './columns';

describe('valueColumnLabel', () => {
  it('names past spend as such when the list had no transactions, CLV otherwise', () => {
    // The sources build.ts writes (src/lib/actions/build.ts, clvSource).
    expect(valueColumnLabel('total spend ("TotalCharges"); no transactions for BG/NBD')).toBe('Past spend (no CLV: no transactions)');
    expect(valueColumnLabel('BG/NBD + Gamma-Gamma, 12 months')).toBe('CLV');
    expect(valueColumnLabel('none')).toBe('CLV');
  });
});
