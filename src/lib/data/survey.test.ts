import { describe, expect, it } from 'vitest';
import { numeric, table } from '../features/churn/testdata';
import { roleReason, suggestRoles } from './roles';
import { scaleOf, surveyScoreReason } from './survey';
import { suitability } from './suitability';

const zeroToNine = Array.from({ length: 60 }, (_, i) => i % 10);
const oneToFive = Array.from({ length: 60 }, (_, i) => 1 + (i % 5));

describe('survey score recognition (values AND name)', () => {
  it('a 0..9 count is no survey score, whatever its values; the same values named "satisfaction" are', () => {
    expect(surveyScoreReason(numeric('Customer service calls', zeroToNine, 'integer'))).toBeNull();
    expect(surveyScoreReason(numeric('satisfaction', zeroToNine, 'integer'))).toBe("whole numbers 0-10 and the name says 'satisfaction'");
    expect(suggestRoles(table(numeric('Customer service calls', zeroToNine, 'integer'))).satisfaction).toBeUndefined();
  });

  it('a name alone is not enough: a credit score, decimals or a 0-100 percentage are not survey answers', () => {
    expect(surveyScoreReason(numeric('credit_score', zeroToNine.map((v) => 500 + v * 30), 'integer'))).toBeNull();
    expect(surveyScoreReason(numeric('rating', zeroToNine.map((v) => v / 2 + 0.5), 'number'))).toBeNull();
    expect(surveyScoreReason(numeric('survey_score', zeroToNine.map((v) => v * 11), 'integer'))).toBeNull();
    expect(surveyScoreReason(numeric('nps', [1, 1, 2, 2], 'integer'))).toBeNull(); // two answers only
  });

  it('recognises 0-10 recommend, 1-5 and 1-7 satisfaction with the reason', () => {
    const t = table(numeric('How likely to recommend', zeroToNine.map((v) => v + 1), 'integer'));
    expect(suggestRoles(t).satisfaction).toBe('How likely to recommend');
    expect(roleReason(t, 'satisfaction', 'How likely to recommend')).toBe("satisfaction: whole numbers 0-10 and the name says 'recommend'");
    expect(surveyScoreReason(numeric('CSAT', oneToFive, 'integer'))).toBe("whole numbers 1-5 and the name says 'csat'");
    expect(surveyScoreReason(numeric('satisfied', oneToFive.map((v) => v + 2), 'integer'))).toBe("whole numbers 1-7 and the name says 'satisfied'");
  });

  it('an NPS-named column stays 0-10 even when nobody answered above 5', () => {
    expect(scaleOf({ min: 1, max: 5 }, 'nps')).toBe('nps');
    expect(scaleOf({ min: 1, max: 5 }, 'rating')).toBe('csat5');
    expect(scaleOf({ min: 0, max: 4 }, 'rating')).toBe('nps');
  });

  it('item ratings (a file with an item column) rate products, not the company', () => {
    const items = { name: 'movie', type: 'id' as const, codes: Int32Array.from(oneToFive.map((_, i) => i)), dictionary: oneToFive.map((_, i) => `m${i}`) };
    expect(suggestRoles(table(items, numeric('rating', oneToFive, 'integer'))).satisfaction).toBeUndefined();
  });
});

describe("the Satisfaction page's 'survey' need", () => {
  const base = { id: 's', name: 'answers', createdAt: 1, rows: 100, columns: [{ name: 'nps', type: 'integer' as const }, { name: 'at', type: 'date' as const }] };
  it('fits a dataset with a satisfaction role (dated fits better), and says why not otherwise', () => {
    expect(suitability({ ...base, roles: { satisfaction: 'nps', date: 'at' } }, 'survey')).toEqual({ ok: true, reason: null, score: 2 });
    expect(suitability({ ...base, roles: { satisfaction: 'nps' } }, 'survey').score).toBe(1);
    expect(suitability({ ...base, roles: {} }, 'survey').reason).toMatch(/^has no survey score column/);
  });
});
