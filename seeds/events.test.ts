import { describe, expect, it } from 'vitest';
import { DAY_MS } from './calendar';
import { customerLines, drawCustomer } from './customers';
import { EVENT_HEADER, EVENT_TYPES, eventLines } from './events';
import { readCsv, parseTime } from './testing';
import { buildWorld } from './world';

const world = buildWorld({ customers: 1000 });
const events = readCsv(Array.from(eventLines(world, 4000)).join(''));
const customers = readCsv(Array.from(customerLines(world)).join(''));
const drawn = new Map(Array.from({ length: 1000 }, (_, i) => drawCustomer(world, i)).map((c) => [c.id, c]));
const who = events.col('customer_id');
const time = events.col('timestamp').map(parseTime);
const kind = events.col('event');

describe('events.csv', () => {
  it('lists known events of known customers in time order', () => {
    expect(events.header.join(',')).toBe(EVENT_HEADER);
    expect(events.rows.length).toBeGreaterThan(10_000);
    expect(new Set(kind)).toEqual(new Set(EVENT_TYPES));
    expect(who.filter((c) => !drawn.has(c))).toEqual([]);
    expect(time.filter((t, i) => i > 0 && t < time[i - 1])).toEqual([]);
  });

  it('happens only while subscribed, and email opens only for newsletter subscribers', () => {
    const outside = time.filter((t, i) => {
      const c = drawn.get(who[i]);
      return !c || t < c.signupMs - 1000 || t >= c.stopMs;
    });
    expect(outside).toEqual([]);
    const noNewsletter = who.filter((c, i) => kind[i] === 'email_open' && !drawn.get(c)?.newsletter);
    expect(noNewsletter).toEqual([]);
  });

  it('has exactly the support tickets counted in customers.csv', () => {
    const counted = new Map<string, number>();
    who.forEach((c, i) => {
      if (kind[i] === 'support_ticket') counted.set(c, (counted.get(c) ?? 0) + 1);
    });
    const tickets = customers.col('support_tickets');
    const differ = customers.col('customer_id').filter((id, i) => (counted.get(id) ?? 0) !== Number(tickets[i]));
    expect(differ).toEqual([]);
  });

  it('fades before a cancellation', () => {
    let lateLogins = 0;
    let lateDays = 0;
    let earlyLogins = 0;
    let earlyDays = 0;
    for (const c of drawn.values()) {
      if (!c.churned || c.churnMs - c.signupMs < 150 * DAY_MS) continue;
      earlyDays += (c.churnMs - 60 * DAY_MS - c.signupMs) / DAY_MS;
      lateDays += 60;
    }
    who.forEach((id, i) => {
      const c = drawn.get(id);
      if (!c || !c.churned || kind[i] !== 'login' || c.churnMs - c.signupMs < 150 * DAY_MS) return;
      if (time[i] >= c.churnMs - 60 * DAY_MS) lateLogins++;
      else earlyLogins++;
    });
    expect(lateLogins / lateDays).toBeLessThan(0.7 * (earlyLogins / earlyDays));
  });
});
