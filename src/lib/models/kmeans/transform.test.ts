import { describe, expect, it } from 'vitest';
import { fitTransform, inverseTransform } from './transform';

const x = { data: Float64Array.from([0, 5, 1, 5, 3, 5, 7, 5]), rows: 4, cols: 2 };

describe('fitTransform', () => {
  it('standardises with the population standard deviation', () => {
    const { data, transform } = fitTransform(x);
    expect(transform.mean[0]).toBe(2.75);
    // Population std of [0, 1, 3, 7] is sqrt(7.1875).
    expect(transform.std[0]).toBeCloseTo(Math.sqrt(7.1875), 12);
    expect(data.data[0]).toBeCloseTo(-2.75 / Math.sqrt(7.1875), 12);
  });

  it('keeps a constant column at scale 1 instead of dividing by 0', () => {
    const { data, transform } = fitTransform(x);
    expect(transform.std[1]).toBe(1);
    expect(data.data[1]).toBe(0);
  });

  it('applies log1p before standardising and inverts back', () => {
    const { data, transform } = fitTransform(x, { log: true });
    expect(transform.mean[0]).toBeCloseTo((0 + Math.log(2) + Math.log(4) + Math.log(8)) / 4, 12);
    const back = inverseTransform(data, transform);
    back.data.forEach((v, i) => expect(v).toBeCloseTo(x.data[i], 9));
  });

  it('clamps negatives before log1p and counts them', () => {
    const { data, transform } = fitTransform({ data: Float64Array.from([-3, 1]), rows: 2, cols: 1 }, { log: true, standardize: false });
    expect(transform.clamped).toBe(1);
    expect(data.data[0]).toBe(0);
  });

  it('rejects missing values, naming the cell', () => {
    expect(() => fitTransform({ data: Float64Array.from([1, NaN]), rows: 1, cols: 2 })).toThrow(/row 0, column 1/);
  });
});
