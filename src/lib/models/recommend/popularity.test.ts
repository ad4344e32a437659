import { describe, expect, it } from 'vitest';
import { csrFromTriples } from './csr';
import { fitPopularity } from './popularity';

describe('fitPopularity', () => {
  it('scores every item by its number of customers, the same for everyone', async () => {
    const model = fitPopularity(csrFromTriples(3, 3, [0, 1, 2, 2], [2, 2, 0, 2]));
    const out = new Float32Array(6);
    await model.score(Int32Array.from([0, 2]), out);
    expect(Array.from(out)).toEqual([1, 0, 3, 1, 0, 3]);
  });
});
