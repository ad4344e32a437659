import { describe, expect, it } from 'vitest';
import { drawCustomer } from './customers';
import { buildPopulation } from './population';
import { buildWorld } from './world';

describe('buildPopulation', () => {
  it('holds each drawn customer\'s traits, and is built once per world', () => {
    const world = buildWorld({ customers: 50 });
    const pop = buildPopulation(world);
    expect(buildPopulation(world)).toBe(pop);
    const c = drawCustomer(world, 17);
    expect(pop.signupMs[17]).toBe(c.signupMs);
    expect(pop.stopMs[17]).toBe(c.stopMs);
    expect(pop.purchaseRate[17]).toBe(c.purchaseRate);
    expect(pop.tickets[17]).toBe(c.tickets);
    expect(Array.from(pop.favouriteProducts.subarray(17 * 3, 17 * 3 + 3))).toEqual(c.favouriteProducts);
    for (let i = 1; i < pop.n; i++) expect(Math.floor(pop.signupMs[i] / 86_400_000)).toBeGreaterThanOrEqual(Math.floor(pop.signupMs[i - 1] / 86_400_000));
  });
});
