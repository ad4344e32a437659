import { describe, expect, it } from 'vitest';
import { DEMO_DEFAULTS, parseDay, resolveDemoOptions } from './options';

describe('resolveDemoOptions', () => {
  it('fills documented defaults: 2000 customers, seed 42, two years ending 2025-12-31', () => {
    const o = resolveDemoOptions();
    expect(o.customers).toBe(2000);
    expect(o.seed).toBe(42);
    expect(o.start).toBe('2024-01-01');
    expect(o.end).toBe('2025-12-31');
    expect(o.startMs).toBe(Date.UTC(2024, 0, 1));
    expect(o.endMs).toBe(Date.UTC(2026, 0, 1));
    expect(resolveDemoOptions({ customers: 10, seed: undefined }).seed).toBe(DEMO_DEFAULTS.seed);
  });

  it('rejects bad options with a message naming the value', () => {
    expect(() => resolveDemoOptions({ customers: 0 })).toThrow(/customers.*got 0/);
    expect(() => resolveDemoOptions({ customers: 2.5 })).toThrow(/got 2.5/);
    expect(() => resolveDemoOptions({ seed: -1 })).toThrow(/seed.*got -1/);
    expect(() => resolveDemoOptions({ purchasesPerYear: Number.NaN })).toThrow(/purchasesPerYear.*NaN/);
    expect(() => resolveDemoOptions({ products: 5 })).toThrow(/products.*got 5/);
    expect(() => resolveDemoOptions({ returnRate: 0.9 })).toThrow(/returnRate.*0.9/);
    expect(() => resolveDemoOptions({ start: '2024-02-30' })).toThrow(/start.*"2024-02-30"/);
    expect(() => resolveDemoOptions({ end: '31/12/2025' })).toThrow(/end.*"31\/12\/2025"/);
    expect(() => resolveDemoOptions({ start: '2025-12-01' })).toThrow(/at least 60 days/);
    expect(() => resolveDemoOptions({ colour: 'red' } as never)).toThrow(/Unknown demo option "colour"/);
  });
});

describe('parseDay', () => {
  it('reads ISO days as UTC midnight', () => {
    expect(parseDay('2024-02-29', 'start')).toBe(Date.UTC(2024, 1, 29));
    expect(() => parseDay('2023-02-29', 'start')).toThrow(/2023-02-29/);
  });
});
