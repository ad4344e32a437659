import { describe, expect, it } from 'vitest';
import { outdatedNotice } from './outdated';
import { naturalOrder } from './run';

const both = { useSavedSegments: true, useSavedChurn: true };
const seg = (createdAt: number) => ({ name: 'Newly high risk', createdAt });
const churn = (ms: number) => ({ createdAt: new Date(ms).toISOString() });

describe('outdatedNotice', () => {
  it('says a list built before the segmentation was saved is out of date', () => {
    expect(outdatedNotice(1000, both, { savedSegmentation: seg(2000), savedChurn: churn(500) })).toBe('Built before the segmentation “Newly high risk” was saved: build again.');
  });
  it('names the churn scores too when both were saved after the list', () => {
    expect(outdatedNotice(1000, both, { savedSegmentation: seg(2000), savedChurn: churn(3000) })).toBe(
      "Built before the segmentation “Newly high risk” and the Churn page's scores were saved: build again.",
    );
  });
  it('is null for a list built after both, or that did not use the newer one', () => {
    expect(outdatedNotice(5000, both, { savedSegmentation: seg(2000), savedChurn: churn(3000) })).toBeNull();
    expect(outdatedNotice(1000, { useSavedSegments: false, useSavedChurn: false }, { savedSegmentation: seg(2000), savedChurn: churn(3000) })).toBeNull();
    expect(outdatedNotice(1000, both, { savedSegmentation: null, savedChurn: null })).toBeNull();
  });
});

describe('naturalOrder', () => {
  it('sorts tree rules by their number, not as text', () => {
    expect(naturalOrder(['Tree rule 10', 'Tree rule 2', 'Tree rule 1', 'Tree rule 11', 'At risk'])).toEqual(['At risk', 'Tree rule 1', 'Tree rule 2', 'Tree rule 10', 'Tree rule 11']);
  });
});
