// Survey score scales: a column is a satisfaction or NPS score when its values are whole numbers on a
// known scale (0-10 likelihood to recommend, 1-5 or 1-7 satisfaction) AND its name says so. Values
// alone are not enough: "Customer service calls" counts 0..9 and is no survey answer.
import { nameWords } from './infer';
import { isNumericColumn, type Column } from './table';

export type ScoreScale = 'nps' | 'csat5' | 'csat7';

export const SCALE_RANGE: Record<ScoreScale, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat5: { min: 1, max: 5 },
  csat7: { min: 1, max: 7 },
};

/** Name words that say "survey score", and how strongly; counts and calls say the opposite. */
const SURVEY_WORDS: Record<string, number> = {
  nps: 3, recommend: 3, recommendation: 3, promoter: 3, likelihood: 1, likely: 1, satisfaction: 3, satisfied: 3,
  csat: 3, rating: 2, survey: 2, score: 1, feedback: 2, zufriedenheit: 3, weiterempfehlung: 3,
  count: -3, calls: -3, tickets: -3, number: -2, num: -2, credit: -3, age: -3, year: -3,
};

/** How strongly a column's name says survey score (> 0), and its strongest word. */
export function surveyNameHint(name: string): { score: number; word: string | null } {
  let score = 0;
  let word: string | null = null;
  let best = 0;
  for (const w of nameWords(name)) {
    const s = SURVEY_WORDS[w] ?? 0;
    score += s;
    if (s > best) {
      best = s;
      word = w;
    }
  }
  return { score, word };
}

/** The whole-number range of a numeric column, or null when it has a non-integer or no value. */
export function wholeRange(c: Column): { min: number; max: number; distinct: number } | null {
  if (!isNumericColumn(c) || c.type === 'date') return null;
  let min = Infinity;
  let max = -Infinity;
  const seen = new Set<number>();
  for (const v of c.values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
    if (seen.size < 12) seen.add(v);
  }
  return min <= max ? { min, max, distinct: seen.size } : null;
}

/**
 * The scale a range of whole numbers fits: the smallest of 1-5, 1-7, 0-10 holding it. A name saying
 * "recommend" or "nps" means 0-10 even when nobody answered above 7.
 */
export function scaleOf(range: { min: number; max: number }, name = ''): ScoreScale | null {
  const words = nameWords(name);
  const npsNamed = words.some((w) => w === 'nps' || w === 'recommend' || w === 'recommendation' || w === 'promoter');
  const fits = (s: ScoreScale) => range.min >= SCALE_RANGE[s].min && range.max <= SCALE_RANGE[s].max;
  if (npsNamed && fits('nps')) return 'nps';
  if (fits('csat5')) return 'csat5';
  if (fits('csat7')) return 'csat7';
  if (fits('nps')) return 'nps';
  return null;
}

/**
 * Why a column is a survey score ("whole numbers 0-10 and the name says 'recommend'"), or null when its
 * values or its name say it is not one. Needs at least three distinct answers.
 */
export function surveyScoreReason(c: Column): string | null {
  const hint = surveyNameHint(c.name);
  if (hint.score <= 0 || !hint.word) return null;
  const range = wholeRange(c);
  if (!range || range.distinct < 3) return null;
  const scale = scaleOf(range, c.name);
  if (!scale) return null;
  const { min, max } = SCALE_RANGE[scale];
  return `whole numbers ${min}-${max} and the name says '${hint.word}'`;
}
