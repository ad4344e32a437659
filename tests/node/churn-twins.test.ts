// Day minutes and day charge carry the same information (charge = minutes x rate): the boosted trees lean
// on one or the other from fold to fold, so each alone looks like noise. Shuffled together they are the
// third strongest driver, and reasons may cite them (the QA run found 10 of the top 25 customers with
// "no single factor stands out" before). Data: the seeded French telecom-usage file of bench/churn-files.
import { describe, expect, it } from 'vitest';
import { parseTable } from '../../src/lib/data/parse-table';
import { isRealImportance } from '../../src/lib/models/churn/importance';
import { trainChurn } from '../../src/lib/models/churn/train';
import { telecomFrCsv } from '../../bench/churn-files/generate';

describe('columns that move together', () => {
  it('are judged together: the day minutes and charge pair is real though one of them alone is not', { timeout: 120_000 }, async () => {
    const { table } = parseTable(new TextEncoder().encode(telecomFrCsv()));
    const r = await trainChurn(table, { target: 'Resilie', model: 'gbdt', folds: 5, reasonRows: 400 });
    const by = new Map(r.importance.map((c) => [c.feature, c]));
    const minutes = by.get('Minutes jour')!;
    const charge = by.get('Montant jour')!;
    expect([minutes.real, charge.real]).toEqual([true, true]);
    expect(minutes.sharedWith).toEqual(['Montant jour']);
    expect(charge.sharedWith).toEqual(['Minutes jour']);
    // Alone, at least one of them is within its fold-to-fold noise: the pair is what makes it real.
    expect([minutes, charge].some((c) => !isRealImportance(c.value, c.se!))).toBe(true);
    expect(r.reasonColumns.cited).toEqual(expect.arrayContaining(['Minutes jour', 'Montant jour']));
    // A column with no twin and no effect stays out.
    expect(by.get('Etat')!.real).toBe(false);
  });
});
