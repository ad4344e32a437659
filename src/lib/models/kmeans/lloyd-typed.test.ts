import { describe, expect, it } from 'vitest';
import { lloydTyped } from './lloyd-typed';
import { blobs } from './testing';

describe('lloydTyped', () => {
  it('recovers blob centres from a poor start', () => {
    const { x } = blobs([[0, 0], [10, 10], [0, 10]], 100, 0.5);
    const init = Float64Array.from([1, 1, 2, 2, 3, 3]);
    const r = lloydTyped(x, init, 3, { maxIter: 100, tol: 0 });
    expect(r.converged).toBe(true);
    const found = [0, 1, 2].map((c) => [Math.round(r.centres[c * 2]), Math.round(r.centres[c * 2 + 1])]);
    expect(found).toEqual(expect.arrayContaining([[0, 0], [10, 10], [0, 10]]));
    // Each blob of 100 ends up in one cluster.
    for (let b = 0; b < 3; b++) expect(new Set(r.labels.subarray(b * 100, b * 100 + 100)).size).toBe(1);
  });

  it('runs exactly maxIter iterations when told not to stop early', () => {
    const { x } = blobs([[0, 0], [5, 5]], 20, 1);
    const r = lloydTyped(x, x.data.slice(0, 4), 2, { maxIter: 7, tol: -1, stopWhenStable: false });
    expect(r.iterations).toBe(7);
  });
});
