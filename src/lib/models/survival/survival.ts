// Survival curves overall and per group, median lifetimes and the log-rank test between groups:
// the plain data behind the survival chart.
import { kaplanMeier, type KaplanMeierCurve, type KaplanMeierOptions } from './kaplan-meier';
import { logRankTest, type LogRankResult } from './log-rank';

export interface GroupSurvival {
  name: string;
  subjects: number;
  events: number;
  median: number | null;
  curve: KaplanMeierCurve;
}

export interface SurvivalAnalysis {
  overall: KaplanMeierCurve;
  groups: GroupSurvival[];
  /** Null with fewer than two non-empty groups. */
  logRank: LogRankResult | null;
}

/** Groups are indices into `groupNames` (-1 = missing: in the overall curve only); empty groups are dropped. */
export function survivalByGroup(
  durations: ArrayLike<number>,
  events: ArrayLike<number>,
  groups: ArrayLike<number> | null,
  groupNames: string[] = [],
  options: KaplanMeierOptions = {},
): SurvivalAnalysis {
  const overall = kaplanMeier(durations, events, options);
  if (!groups) return { overall, groups: [], logRank: null };
  const counts = new Array<number>(groupNames.length).fill(0);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g >= groupNames.length) throw new Error(`group index ${g} has no name (${groupNames.length} names)`);
    if (g >= 0) counts[g]++;
  }
  const present = counts.map((c, g) => (c > 0 ? g : -1)).filter((g) => g >= 0);
  const dense = new Int32Array(groupNames.length).fill(-1);
  present.forEach((g, k) => (dense[g] = k));
  const result: GroupSurvival[] = present.map((g) => {
    const curve = kaplanMeier(durations, events, options, (i) => groups[i] === g);
    return { name: groupNames[g], subjects: curve.subjects, events: curve.totalEvents, median: curve.median, curve };
  });
  let logRank: LogRankResult | null = null;
  if (present.length >= 2) {
    const denseGroups = Int32Array.from({ length: groups.length }, (_, i) => (groups[i] >= 0 ? dense[groups[i]] : -1));
    logRank = logRankTest(durations, events, denseGroups, present.length);
  }
  return { overall, groups: result, logRank };
}
