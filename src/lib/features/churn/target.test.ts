import { describe, expect, it } from 'vitest';
import { encodeTarget, labelledRows } from './target';
import { categorical, numeric, table } from './testdata';

const repeat = <T>(values: T[], times: number[]): T[] => values.flatMap((v, i) => Array<T>(times[i]).fill(v));

describe('encodeTarget', () => {
  it('takes Yes as churned by default and counts both classes', () => {
    const t = table(categorical('Churn', repeat(['No', 'Yes'], [60, 55])));
    const target = encodeTarget(t, 'Churn');
    expect(target.positive).toBe('Yes');
    expect(target.negative).toBe('No');
    expect([target.positives, target.negatives, target.missing]).toEqual([55, 60, 0]);
    expect(target.y[0]).toBe(0);
    expect(target.y[114]).toBe(1);
  });

  it('reads 0/1 numbers, booleans named by a word, and foreign spellings', () => {
    const ints = table(numeric('left', repeat([0, 1], [70, 50]), 'integer'));
    expect(encodeTarget(ints, 'left').positives).toBe(50);
    const bools = table(numeric('Churn', repeat([1, 0], [50, 80]), 'boolean'));
    expect(encodeTarget(bools, 'Churn', 'Yes').positives).toBe(50);
    expect(encodeTarget(bools, 'Churn', 'no').positives).toBe(80);
    const fr = table(categorical('Résilié', repeat(['FAUX', 'VRAI'], [90, 60])));
    expect(encodeTarget(fr, 'Résilié').positive).toBe('VRAI');
    const words = table(categorical('status', repeat(['active', 'churned'], [90, 60])));
    expect(encodeTarget(words, 'status').positives).toBe(60);
  });

  it('honours a named positive value, case-insensitively', () => {
    const t = table(categorical('plan_end', repeat(['renewed', 'cancelled'], [60, 70])));
    expect(encodeTarget(t, 'plan_end', 'RENEWED').positives).toBe(60);
    expect(() => encodeTarget(t, 'plan_end', 'gone')).toThrow('Positive value "gone" is not in target column "plan_end"');
  });

  it('leaves rows with no label out and says which they are', () => {
    const t = table(categorical('Churn', [...repeat(['No', 'Yes'], [60, 55]), null, null]));
    const target = encodeTarget(t, 'Churn');
    expect(target.missing).toBe(2);
    expect(Number.isNaN(target.y[116])).toBe(true);
    expect(labelledRows(target.y).length).toBe(115);
  });

  it('rejects a label with one class, three values, an ID or too few rows of a class', () => {
    expect(() => encodeTarget(table(categorical('Churn', repeat(['No'], [100]))), 'Churn')).toThrow('has only one value ("No")');
    expect(() => encodeTarget(table(categorical('tier', repeat(['a', 'b', 'c'], [60, 60, 60]))), 'tier')).toThrow(
      'Target column "tier" has 3 distinct values ("a", "b", "c"); it must have exactly two',
    );
    expect(() => encodeTarget(table(categorical('customerID', ['x', 'y'], 'id')), 'customerID')).toThrow('is an identifier');
    expect(() => encodeTarget(table(categorical('Churn', repeat(['No', 'Yes'], [200, 12]))), 'Churn')).toThrow(
      'Only 12 rows have Churn = "Yes" (need at least 50 of each class)',
    );
    expect(() => encodeTarget(table(categorical('flag', repeat(['red', 'blue'], [60, 60]))), 'flag')).toThrow('Cannot tell which value of "flag" means churned');
    const oneTwo = table(numeric('status', repeat([1, 2], [60, 60]), 'integer'));
    expect(() => encodeTarget(oneTwo, 'status')).toThrow('Cannot tell which value of "status" means churned ("1" or "2")');
    expect(encodeTarget(oneTwo, 'status', '2').positives).toBe(60);
  });
});
