import { describe, expect, it } from 'vitest';
import { staleNotice, stampData } from './stale';

const ds = (version: number | undefined, area = 'integer', roles: Record<string, string> = { customer: 'id' }) => ({
  id: 'd1',
  name: 'Customers',
  version,
  columns: [
    { name: 'id', type: 'id' as const, invalid: 0, invalidSample: [] },
    { name: 'area', type: area as 'integer', invalid: 0, invalidSample: [] },
  ],
  roles,
});

describe('stale results', () => {
  it('is quiet while the dataset has the version the result came from', () => {
    const stamps = stampData([ds(undefined)], ['d1', null, 'd1']);
    expect(stamps).toHaveLength(1);
    expect(stamps[0].version).toBe(1);
    expect(staleNotice([ds(1)], stamps)).toBeNull();
    expect(staleNotice([ds(1)], null)).toBeNull();
  });
  it('names the column whose type changed', () => {
    const stamps = stampData([ds(1)], ['d1']);
    expect(staleNotice([ds(2, 'category')], stamps)).toBe('Out of date: in “Customers”, column “area” changed type (integer → category) since this result; run again.');
  });
  it('names a role that moved, and a deleted dataset', () => {
    const stamps = stampData([ds(3)], ['d1']);
    expect(staleNotice([ds(4, 'integer', { customer: 'area', label: 'id' })], stamps)).toBe(
      'Out of date: in “Customers”, the customer role moved from “id” to “area”; the label role was given to “id” since this result; run again.',
    );
    expect(staleNotice([], stamps)).toMatch(/“Customers” was deleted/);
    // Changed and changed back: the version still says something happened.
    expect(staleNotice([ds(5)], stamps)).toBe('Out of date: “Customers” changed since this result; run again.');
  });
  it('names every dataset that changed, not only the first (an action list comes from two)', () => {
    const orders = { ...ds(1), id: 'd2', name: 'Orders' };
    const stamps = stampData([ds(1), orders], ['d1', 'd2']);
    expect(staleNotice([ds(2), { ...orders, version: 2 }], stamps)).toBe('Out of date: “Customers” changed; and “Orders” changed since this result; run again.');
    expect(staleNotice([ds(1), { ...orders, version: 2 }], stamps)).toBe('Out of date: “Orders” changed since this result; run again.');
    expect(staleNotice([ds(2)], stamps)).toBe('Out of date: “Customers” changed; and the dataset “Orders” was deleted since this result; run again.');
  });
});
