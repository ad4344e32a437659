// surveys.csv: dated answers to "How likely are you to recommend us?" (0-10) and "How satisfied are you?"
// (1-5). About 60% of customers answer, some several times. Answers follow the customer's latent
// dissatisfaction (which also raises the churn hazard, see customers.ts) and drop in the months before a
// cancellation, so churners lean detractor and a customer's latest answer carries churn signal.
import { DAY_MS, MONTH_MS, dateText } from './calendar';
import { drawCustomer } from './customers';
import { Rng, seedOf } from '../src/lib/random';
import type { World } from './world';

export const SURVEY_HEADER = 'customer_id,responded_at,nps,csat';

const SURVEY_STREAM = 5;
export const SURVEY_RESPONSE_RATE = 0.6;
/** Surveys a respondent answers per year while subscribed (Poisson mean), at least one. */
const SURVEYS_PER_YEAR = 0.8;
const MAX_SURVEYS = 6;
/** Mean 0-10 answer of a typical customer, and how much a standard deviation of dissatisfaction takes off. */
const NPS_MEAN = 7.6;
const NPS_PER_DISSATISFACTION = 1.3;
/** Answers given this close to a cancellation are this much lower. */
const PRE_CHURN_MS = 120 * DAY_MS;
const PRE_CHURN_DROP = 2.6;
const NPS_NOISE = 1.4;

export interface SurveyResponse {
  customer: number;
  timeMs: number;
  nps: number;
  csat: number;
}

export function surveyResponses(world: World): SurveyResponse[] {
  const out: SurveyResponse[] = [];
  for (let c = 0; c < world.opts.customers; c++) {
    const cust = drawCustomer(world, c);
    const rng = new Rng(seedOf(world.opts.seed, SURVEY_STREAM, c));
    if (!rng.chance(SURVEY_RESPONSE_RATE)) continue;
    const span = cust.stopMs - cust.signupMs;
    if (span < 7 * DAY_MS) continue;
    const k = Math.min(MAX_SURVEYS, 1 + rng.poisson((SURVEYS_PER_YEAR * span) / (12 * MONTH_MS)));
    for (let j = 0; j < k; j++) {
      const t = cust.signupMs + 7 * DAY_MS + rng.next() * (span - 7 * DAY_MS);
      const nearChurn = cust.churned && cust.churnMs - t < PRE_CHURN_MS;
      const latent = NPS_MEAN - NPS_PER_DISSATISFACTION * cust.dissatisfaction - (nearChurn ? PRE_CHURN_DROP : 0) + NPS_NOISE * rng.normal();
      const nps = Math.min(10, Math.max(0, Math.round(latent)));
      const csat = Math.min(5, Math.max(1, Math.round(1 + (4 * (latent + 0.8 * rng.normal())) / 10)));
      out.push({ customer: c, timeMs: t, nps, csat });
    }
  }
  return out.sort((a, b) => a.timeMs - b.timeMs || a.customer - b.customer);
}

export function* surveyLines(world: World): Generator<string> {
  const lines = [SURVEY_HEADER];
  for (const r of surveyResponses(world)) {
    lines.push(`C${String(r.customer + 1).padStart(world.idWidth, '0')},${dateText(world.cal, r.timeMs)},${r.nps},${r.csat}`);
  }
  yield lines.join('\n') + '\n';
}
