// Satisfaction cases that run twice: in Node on src/lib/satisfaction (tests/node/satisfaction-capability.test.ts)
// and through the compute worker on data imported by the import worker (tests/browser/satisfaction-worker.test.ts).
// Each runner supplies a driver; the numbers are the same.
import { expect } from 'vitest';
import type { SatisfactionRunRequest, SatisfactionView } from '../../src/contract/satisfaction';
import { generateDemo } from '../../seeds';

export interface SatisfactionDriver {
  /** A CSV text stored as the app stores an import; returns its id. */
  dataset(source: { text: string; name: string }): Promise<string>;
  /** Confirms a link from a's column to b's (the app: the user, or the demo, confirms it). */
  confirmLink(a: { datasetId: string; column: string }, b: { datasetId: string; column: string }): Promise<void>;
  run(request: SatisfactionRunRequest): Promise<SatisfactionView>;
}

export interface SatisfactionCase {
  name: string;
  run(d: SatisfactionDriver): Promise<void>;
}

let demo: ReturnType<typeof generateDemo> | null = null;
/** A small demo workspace (600 customers): its surveys and customers. */
export function demoFiles(): { surveys: string; customers: string } {
  demo ??= generateDemo({ customers: 600, seed: 5 });
  return { surveys: demo.surveys, customers: demo.customers };
}

/** The demo surveys and customers as two datasets (`tag` names another pair), linked unless `link` is false. */
export async function demoDatasets(d: SatisfactionDriver, link = true, tag = ''): Promise<{ surveys: string; customers: string }> {
  const files = demoFiles();
  const surveys = await d.dataset({ text: files.surveys, name: `sat-surveys${tag}.csv` });
  const customers = await d.dataset({ text: files.customers, name: `sat-customers${tag}.csv` });
  if (link) await d.confirmLink({ datasetId: surveys, column: 'customer_id' }, { datasetId: customers, column: 'customer_id' });
  return { surveys, customers };
}

// Ten answers by hand: 4 promoters (9, 10, 10, 9), 3 passives (7, 8, 8), 3 detractors (0, 5, 6): NPS +10.
const HAND = ['id,when,nps,left', 'a,2024-01-03,9,no', 'b,2024-01-20,10,no', 'c,2024-01-21,10,no', 'd,2024-02-02,9,yes', 'e,2024-02-05,7,no', 'f,2024-02-09,8,no', 'g,2024-02-11,8,yes', 'h,2024-03-01,0,yes', 'i,2024-03-02,5,yes', 'j,2024-03-09,6,no'].join('\n') + '\n';

export const satisfactionCases: SatisfactionCase[] = [
  {
    name: 'ten answers by hand: NPS +10 with its interval, by month, churn by group from the survey\'s own label',
    async run(d) {
      const datasetId = await d.dataset({ text: HAND, name: 'hand-nps.csv' });
      const { result: r } = await d.run({ datasetId, score: 'nps', date: 'when', label: 'left', customer: 'id' });
      expect(r.scale).toBe('nps');
      expect(r.overall.groupCounts).toEqual([3, 3, 4]);
      expect(r.overall.nps!.value).toBeCloseTo(10, 10);
      // var = (0.4 + 0.3 - 0.01) / 10
      expect(r.overall.nps!.high - 10).toBeCloseTo(100 * 1.959963984540054 * Math.sqrt(0.069), 8);
      expect(r.byMonth!.map((m) => [m.month, m.responses, Math.round(m.nps!.value)])).toEqual([['2024-01', 3, 100], ['2024-02', 4, 25], ['2024-03', 3, -100]]);
      expect(r.churn!.source).toBe('survey');
      expect(r.churn!.byGroup.map((g) => [g.group, g.customers, g.churners])).toEqual([['detractor', 3, 2], ['passive', 3, 1], ['promoter', 4, 1]]);
      expect(r.churn!.effect!.oddsRatio.value).toBeLessThan(1);
    },
  },
  {
    name: 'demo surveys joined to the demo customers: NPS by month and by contract, churners lean detractor, odds ratio < 1',
    async run(d) {
      const { surveys, customers } = await demoDatasets(d);
      const view = await d.run({ datasetId: surveys, score: 'nps', date: 'responded_at', by: 'contract', label: 'churned', customer: 'customer_id', linked: { datasetId: customers, key: 'customer_id', surveyKey: 'customer_id' } });
      const r = view.result;
      expect(view.linkedName).toBe('sat-customers.csv');
      const n = r.overall.responses;
      expect(n).toBeGreaterThan(400);
      expect(r.overall.nps!.low).toBeLessThan(r.overall.nps!.value);
      expect(r.overall.nps!.high).toBeGreaterThan(r.overall.nps!.value);
      expect(r.byMonth!.reduce((s, m) => s + m.responses, 0)).toBe(n);
      expect(r.bySegment!.map((s) => s.segment).sort()).toEqual(['Month-to-month', 'One year', 'Two year']);
      expect(r.bySegment!.reduce((s, m) => s + m.responses, 0)).toBe(n);
      const c = r.churn!;
      expect(c.source).toBe('sat-customers.csv');
      expect(c.customers).toBe(r.respondents);
      expect(c.byScore.reduce((s, x) => s + x.customers, 0)).toBe(c.customers);
      const [detractor, , promoter] = c.byGroup;
      expect(detractor.rate.value).toBeGreaterThan(promoter.rate.value + 15);
      expect(c.effect!.oddsRatio.high).toBeLessThan(1);
      expect(r.notes.join(' ')).toMatch(/latest response/);
    },
  },
  {
    name: 'CSAT 1-5: mean with its interval and the share answering 4-5; no NPS',
    async run(d) {
      const { surveys } = await demoDatasets(d);
      const { result: r } = await d.run({ datasetId: surveys, score: 'csat', date: 'responded_at' });
      expect(r.scale).toBe('csat5');
      expect(r.overall.nps).toBeNull();
      expect(r.groups.map((g) => g.name)).toEqual(['dissatisfied', 'neutral', 'satisfied']);
      const top = r.distribution.filter((x) => x.score >= 4).reduce((s, x) => s + x.count, 0);
      expect(r.overall.satisfied.value).toBeCloseTo((100 * top) / r.overall.responses, 10);
      expect(r.overall.mean.value).toBeGreaterThan(1);
      expect(r.overall.mean.value).toBeLessThan(5);
    },
  },
  {
    name: 'a customers dataset with no confirmed link is not joined',
    async run(d) {
      const { surveys, customers } = await demoDatasets(d, false, '-unlinked');
      await expect(d.run({ datasetId: surveys, score: 'nps', label: 'churned', linked: { datasetId: customers, key: 'customer_id', surveyKey: 'customer_id' } })).rejects.toThrow(/No confirmed link between/);
    },
  },
];
