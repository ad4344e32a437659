import { scaleLinear, scaleUtc } from 'd3';
import { describe, expect, it } from 'vitest';
import { fitXTicks, linearTicks, tickCount, ticksOverlap, timeTicks } from './axis';

describe('axis ticks', () => {
  it('positions and formats linear ticks', () => {
    const s = scaleLinear().domain([0, 1]).range([0, 100]);
    const ticks = linearTicks(s, 5, '.0%');
    expect(ticks.map((t) => t.label)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(ticks.map((t) => t.pos)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('formats UTC time ticks', () => {
    const s = scaleUtc().domain([Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1)]).range([0, 400]);
    const ticks = timeTicks(s, 4, '%Y-%m');
    expect(ticks[0].label).toBe('2020-01');
    expect(ticks.every((t) => t.pos >= 0 && t.pos <= 400)).toBe(true);
  });

  it('asks for fewer ticks on a narrow axis until labels do not overlap', () => {
    expect(tickCount(800, 80)).toBe(10);
    expect(tickCount(50, 80)).toBe(2);
    const s = scaleLinear().domain([0, 1_000_000]).range([0, 200]);
    const ticks = fitXTicks(200, (n) => linearTicks(s, n, ','));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticksOverlap(ticks)).toBe(false);
    expect(ticksOverlap(linearTicks(s, 10, ','))).toBe(true);
  });
});
