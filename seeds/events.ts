// events.csv: app activity of each customer while subscribed. Logins with page views, newsletter
// opens after the weekly campaign, and the support tickets counted in customers.csv. Activity fades
// in the weeks before a cancellation, like purchases do. Each customer-week is drawn from its own
// stream, so weeks can be generated one at a time and written in time order.
import { AsciiBatch } from './ascii';
import { DAY_MS, MONTH_MS, dayIndex, sampleSecondOfDay } from './calendar';
import { DISENGAGED_RATE, DISENGAGE_MS } from './customers';
import { buildPopulation, type Population } from './population';
import { Rng, seedOf } from '../src/lib/random';
import type { World } from './world';

export const EVENT_HEADER = 'customer_id,timestamp,event';
export const EVENT_TYPES = ['login', 'page_view', 'support_ticket', 'email_open'] as const;

const EVENT_STREAM = 3;
const TICKET_STREAM = 4;
/** Page views per login (Poisson mean): with the login itself, about two events per visit. */
const PAGE_VIEWS_PER_LOGIN = 1;
/** Support tickets fall in this window before cancellation or the end date (see customers.csv). */
export const TICKET_WINDOW_MS = 182.5 * DAY_MS;
/** Newsletter campaigns go out on Thursdays at 09:00 UTC. */
const CAMPAIGN_HOUR_MS = 9 * 3600_000;
const OPEN_DELAY_HOURS = 6;

export interface EventChunk {
  order: Int32Array;
  time: number[];
  customer: number[];
  type: number[];
}

function addEvent(ch: EventChunk, t: number, c: number, type: number): void {
  ch.time.push(t);
  ch.customer.push(c);
  ch.type.push(type);
}

/** Instants of customer c's support tickets (the count in customers.csv), unsorted. */
export function ticketTimes(world: World, pop: Population, c: number): number[] {
  const rng = new Rng(seedOf(world.opts.seed, TICKET_STREAM, c));
  const stop = pop.stopMs[c];
  const from = Math.max(pop.signupMs[c], stop - TICKET_WINDOW_MS);
  const times: number[] = [];
  for (let k = 0; k < pop.tickets[c]; k++) times.push(from + rng.next() * (stop - from));
  return times;
}

export function* eventChunks(world: World, pop: Population = buildPopulation(world)): Generator<EventChunk> {
  const { opts, cal } = world;
  const ch: EventChunk = { order: new Int32Array(0), time: [], customer: [], type: [] };
  const rng = new Rng(0);
  const bounds = cal.chunkBounds;
  const loginsPerMonth = opts.eventsPerMonth / (1 + PAGE_VIEWS_PER_LOGIN);
  for (let b = 1; b < bounds.length; b++) {
    const chunkStart = bounds[b - 1];
    const chunkEnd = bounds[b];
    ch.time.length = 0;
    ch.customer.length = 0;
    ch.type.length = 0;
    for (let c = 0; c < pop.n; c++) {
      const signup = pop.signupMs[c];
      if (signup >= chunkEnd) break;
      const from = Math.max(chunkStart, signup);
      const to = Math.min(chunkEnd, pop.stopMs[c]);
      if (from >= to) continue;
      rng.state = seedOf(opts.seed, EVENT_STREAM, c, b);
      const fadeFrom = pop.churnMs[c] - DISENGAGE_MS;

      const logins = rng.poisson((loginsPerMonth * pop.activity[c] * (to - from)) / MONTH_MS);
      for (let k = 0; k < logins; k++) {
        const day = Math.floor((from + rng.next() * (to - from)) / DAY_MS) * DAY_MS;
        let t = day + sampleSecondOfDay(rng) * 1000;
        if (t < from || t >= to || (t >= fadeFrom && rng.next() >= DISENGAGED_RATE)) continue;
        addEvent(ch, t, c, 0);
        for (let v = rng.poisson(PAGE_VIEWS_PER_LOGIN); v > 0; v--) {
          t += (20 + rng.exponential(1 / 90)) * 1000;
          if (t < to) addEvent(ch, t, c, 1);
        }
      }

      if (pop.newsletter[c] === 1) {
        // Day 0 of the epoch was a Thursday, so campaign days are multiples of 7.
        const d0 = Math.floor(from / DAY_MS);
        for (let d = d0 + ((7 - (d0 % 7)) % 7); d * DAY_MS < to; d += 7) {
          const sent = d * DAY_MS + CAMPAIGN_HOUR_MS;
          if (sent < from || rng.next() >= pop.emailOpenRate[c]) continue;
          if (sent >= fadeFrom && rng.next() >= DISENGAGED_RATE) continue;
          const t = sent + rng.exponential(1 / OPEN_DELAY_HOURS) * 3600_000;
          if (t < to) addEvent(ch, Math.floor(t / 1000) * 1000, c, 3);
        }
      }

      if (pop.tickets[c] > 0 && pop.stopMs[c] - TICKET_WINDOW_MS < to) {
        for (const t of ticketTimes(world, pop, c)) if (t >= from && t < to) addEvent(ch, Math.floor(t / 1000) * 1000, c, 2);
      }
    }
    const order = new Int32Array(ch.time.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    ch.order = order.sort((x, y) => ch.time[x] - ch.time[y] || ch.customer[x] - ch.customer[y] || x - y);
    yield ch;
  }
}

/** events.csv in batches of about `batchRows` rows; the first batch starts with the header. */
export function* eventLines(world: World, batchRows = 50_000): Generator<string> {
  const { cal, idWidth } = world;
  const batch = new AsciiBatch();
  batch.text(EVENT_HEADER).endRow();
  for (const ch of eventChunks(world)) {
    for (let o = 0; o < ch.order.length; o++) {
      const i = ch.order[o];
      const day = dayIndex(cal, ch.time[i]);
      const second = Math.floor((ch.time[i] - cal.startMs - day * DAY_MS) / 1000);
      batch.reserve(100);
      batch.text('C').padded(ch.customer[i] + 1, idWidth).comma();
      batch.text(cal.dayText[day]).clock(second).comma();
      batch.text(EVENT_TYPES[ch.type[i]]).endRow();
      if (batch.rows >= batchRows) yield batch.take();
    }
  }
  if (batch.byteLength > 0) yield batch.take();
}
