import { describe, expect, it } from 'vitest';
import { drawCustomer } from './customers';
import { SURVEY_HEADER, surveyLines, surveyResponses } from './surveys';
import { buildWorld } from './world';

describe('surveys.csv', () => {
  const world = buildWorld({ customers: 1500, seed: 11 });
  const responses = surveyResponses(world);

  it('has dated 0-10 and 1-5 answers in time order, some customers several', () => {
    const text = Array.from(surveyLines(world)).join('');
    expect(text.split('\n', 1)[0]).toBe(SURVEY_HEADER);
    expect(text.split('\n').length - 2).toBe(responses.length);
    expect(responses.every((r) => Number.isInteger(r.nps) && r.nps >= 0 && r.nps <= 10 && r.csat >= 1 && r.csat <= 5)).toBe(true);
    for (let i = 1; i < responses.length; i++) expect(responses[i].timeMs).toBeGreaterThanOrEqual(responses[i - 1].timeMs);
    const per = new Map<number, number>();
    for (const r of responses) per.set(r.customer, (per.get(r.customer) ?? 0) + 1);
    expect(per.size / 1500).toBeGreaterThan(0.45);
    expect([...per.values()].filter((k) => k > 1).length).toBeGreaterThan(100);
    expect(new Set(responses.map((r) => r.nps)).size).toBe(11);
  });

  it("churners' latest answers lean detractor", () => {
    const latest = new Map<number, number>();
    for (const r of responses) latest.set(r.customer, r.nps);
    const detractorShare = (churned: boolean) => {
      const mine = [...latest].filter(([c]) => drawCustomer(world, c).churned === churned).map(([, s]) => s);
      return mine.filter((s) => s <= 6).length / mine.length;
    };
    expect(detractorShare(true)).toBeGreaterThan(detractorShare(false) + 0.25);
  });
});
