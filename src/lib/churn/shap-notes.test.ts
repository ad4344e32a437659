import { describe, expect, it } from 'vitest';
import { REASON_ROWS, shapNotes } from './run';
import type { ChurnShapSummary } from './types';

// Only the method fields are read by shapNotes.
const tree = { method: 'tree' } as ChurnShapSummary;

describe('shapNotes (the run note on who was explained)', () => {
  it('says "all" when every customer was explained, "the riskiest" otherwise', () => {
    // Telco: 7,043 customers, all explained (the new-user pass read "the riskiest 7,043" as a subset).
    expect(shapNotes(7043, 7043, tree)).toEqual(['Reasons and contributions from exact TreeSHAP, for all 7,043 customers.']);
    expect(shapNotes(REASON_ROWS, 50_000, tree)[0]).toMatch(/for the riskiest 20,000 customers\.$/);
    expect(shapNotes(2_000, 50_000, tree)[0]).toMatch(/for the riskiest 2,000 customers \(any other on request\)\.$/);
  });
});
