import { describe, expect, it } from 'vitest';
import { DAY_MS, buildCalendar, dateText, sampleSecondOfDay, signupAt } from './calendar';
import { Rng } from '../src/lib/random';

const cal = buildCalendar(Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1));

describe('buildCalendar', () => {
  it('covers every day with purchase weights of mean 1 and a December peak', () => {
    expect(cal.days).toBe(731);
    const mean = cal.purchaseWeight.reduce((a, b) => a + b, 0) / cal.days;
    expect(mean).toBeCloseTo(1, 10);
    const byMonth = new Array(12).fill(0);
    const daysInMonth = new Array(12).fill(0);
    cal.dayText.forEach((t, d) => {
      const m = Number(t.slice(5, 7)) - 1;
      byMonth[m] += cal.purchaseWeight[d];
      daysInMonth[m]++;
    });
    const perDay = byMonth.map((w, m) => w / daysInMonth[m]);
    expect(Math.max(...perDay)).toBe(perDay[11]);
    expect(perDay[11]).toBeGreaterThan(1.3);
  });

  it('marks Black Friday to Cyber Monday as sale days, with the year\'s busiest shopping day', () => {
    const d2024 = cal.dayText.indexOf('2024-11-29');
    const d2025 = cal.dayText.indexOf('2025-11-28');
    expect([0, 1, 2, 3].map((k) => cal.sale[d2024 + k])).toEqual([1, 1, 1, 1]);
    expect(cal.sale[d2024 - 1]).toBe(0);
    expect(cal.sale[d2025]).toBe(1);
    expect(cal.maxPurchaseWeight).toBe(Math.max(cal.purchaseWeight[d2024], cal.purchaseWeight[d2025], ...cal.purchaseWeight));
  });

  it('splits the window into weeks', () => {
    expect(cal.chunkBounds.length).toBe(106);
    expect(new Date(cal.chunkBounds[1]).toISOString()).toBe('2024-01-08T00:00:00.000Z');
    expect(cal.chunkBounds[105]).toBe(Date.UTC(2026, 0, 1));
  });
});

describe('signupAt', () => {
  it('is monotone in the quantile, stays in the window and grows over time', () => {
    let prev = -Infinity;
    let firstHalf = 0;
    for (let i = 0; i < 1000; i++) {
      const t = signupAt(cal, (i + 0.5) / 1000);
      expect(t).toBeGreaterThanOrEqual(prev);
      expect(t).toBeGreaterThanOrEqual(cal.startMs);
      expect(t).toBeLessThan(cal.endMs);
      if (t < cal.startMs + (cal.endMs - cal.startMs) / 2) firstHalf++;
      prev = t;
    }
    expect(firstHalf).toBeLessThan(470);
  });
});

describe('timestamps', () => {
  it('formats instants as UTC dates', () => {
    const t = Date.UTC(2025, 6, 4, 9, 5, 7, 900);
    expect(dateText(cal, t)).toBe('2025-07-04');
  });

  it('samples more evening than night seconds', () => {
    const rng = new Rng(1);
    let night = 0;
    let evening = 0;
    let max = 0;
    for (let i = 0; i < 20_000; i++) {
      const s = sampleSecondOfDay(rng);
      max = Math.max(max, s);
      if (s < 5 * 3600) night++;
      if (s >= 18 * 3600 && s < 23 * 3600) evening++;
    }
    expect(max).toBeLessThan(DAY_MS / 1000);
    expect(evening).toBeGreaterThan(5 * night);
  });
});
