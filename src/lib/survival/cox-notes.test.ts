import { describe, expect, it } from 'vitest';
import type { CoxEncoding } from './cox';
import { coxCsvNote, extrapolatedPart, phFailingColumns, phRemainingCaveat, timeUnits } from './cox-notes';

describe('Cox remaining-lifetime notes', () => {
  const encodings: CoxEncoding[] = [
    { column: 'Contract', kind: 'levels', names: ['Contract=One year', 'Contract=Two year'], reference: 'Month-to-month' },
    { column: 'Partner', kind: 'indicator', names: ['Partner=Yes'] },
  ];

  it('names each failing column once (dummies grouped) and says nothing when PH holds', () => {
    const cov = [{ name: 'Contract=One year', phP: 0.01 }, { name: 'Contract=Two year', phP: 0.001 }, { name: 'Partner=Yes', phP: 0.5 }];
    expect(phFailingColumns(cov, encodings)).toEqual(['Contract']);
    expect(phFailingColumns([{ name: 'Partner=Yes', phP: 0.05 }], encodings)).toEqual([]);
    expect(phRemainingCaveat([])).toBeNull();
    expect(phRemainingCaveat(['Contract'])).toBe(
      'These per-customer figures rest on proportional hazards, which fails for Contract: its effect changes with time, so rankings between customers of different Contract groups are unreliable.',
    );
  });

  it('splits a mean into its part past the last observed time', () => {
    expect(extrapolatedPart(163.3, 24.7)!.amount).toBeCloseTo(138.6, 10);
    expect(extrapolatedPart(163.3, 24.7)!.share).toBeCloseTo(138.6 / 163.3, 12);
    expect(extrapolatedPart(10, null)).toBeNull();
    expect(extrapolatedPart(null, 5)).toBeNull();
    expect(timeUnits(undefined)).toBe('in units of the time column');
    expect(coxCsvNote({ timeName: 'days', horizon: 30, tail: false, phColumns: [] })).toBe('Times and lifetimes in units of days.');
  });
});
