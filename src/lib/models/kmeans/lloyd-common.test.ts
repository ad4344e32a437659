import { describe, expect, it } from 'vitest';
import { assign, centresFromSums, clusterSums, inertiaOf, relocateEmpty, squaredShift } from './lloyd-common';

const x = { data: Float64Array.from([0, 0, 1, 0, 10, 0, 11, 0]), rows: 4, cols: 2 };

describe('Lloyd building blocks', () => {
  it('assigns each point to its nearest centre and returns the inertia', () => {
    const labels = new Int32Array(4);
    const minDist = new Float64Array(4);
    const inertia = assign(x, Float64Array.from([0.5, 0, 10.5, 0]), 2, labels, minDist);
    expect(Array.from(labels)).toEqual([0, 0, 1, 1]);
    expect(inertia).toBe(1);
    expect(inertiaOf(x, Float64Array.from([0.5, 0, 10.5, 0]), labels)).toBe(1);
  });

  it('averages sums into centres and keeps the old centre of an empty cluster', () => {
    const { sums, counts } = clusterSums(x, Int32Array.from([0, 0, 0, 0]), 2);
    expect(Array.from(counts)).toEqual([4, 0]);
    expect(Array.from(centresFromSums(sums, counts, Float64Array.from([9, 9, 7, 7]), 2))).toEqual([5.5, 0, 7, 7]);
    expect(squaredShift(Float64Array.from([1, 2]), Float64Array.from([0, 0]))).toBe(5);
  });

  it('moves an empty cluster to the farthest point', () => {
    const labels = Int32Array.from([0, 0, 0, 0]);
    const minDist = Float64Array.from([1, 0, 2, 9]);
    const { sums, counts } = clusterSums(x, labels, 2);
    expect(relocateEmpty(x, labels, minDist, sums, counts)).toBe(1);
    expect(Array.from(labels)).toEqual([0, 0, 0, 1]);
    expect(Array.from(counts)).toEqual([3, 1]);
    expect(Array.from(sums)).toEqual([11, 0, 11, 0]);
  });
});
