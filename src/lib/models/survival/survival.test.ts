import { describe, expect, it } from 'vitest';
import { kaplanMeier } from './kaplan-meier';
import { logRankTest } from './log-rank';
import { survivalByGroup } from './survival';

describe('survivalByGroup', () => {
  const t = [1, 2, 2, 3, 4, 5, 5, 6, 2, 3, 3, 4, 7, 8, 9];
  const e = [1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1];
  const g = [0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, -1];

  it('gives the overall curve, one curve and median per non-empty group, and the log-rank test', () => {
    const s = survivalByGroup(t, e, g, ['a', 'empty', 'b']);
    expect(s.overall.subjects).toBe(15);
    expect(s.groups.map((x) => x.name)).toEqual(['a', 'b']);
    expect(s.groups[0].curve).toEqual(kaplanMeier(t.slice(0, 8), e.slice(0, 8)));
    expect(s.groups[0].median).toBe(5);
    expect(s.groups[1].subjects).toBe(6);
    expect(s.logRank).toEqual(logRankTest(t, e, g.map((x) => (x === 2 ? 1 : x)), 2));
  });

  it('has no log-rank test with one group or without groups', () => {
    expect(survivalByGroup(t, e, null).logRank).toBeNull();
    expect(survivalByGroup(t, e, t.map(() => 0), ['all']).logRank).toBeNull();
    expect(() => survivalByGroup(t, e, g, ['a'])).toThrow('group index 2 has no name');
  });
});
