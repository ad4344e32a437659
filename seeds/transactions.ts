// transactions.csv: invoice lines from a BG/NBD-like purchase process.
//
// Each customer buys at a gamma-distributed Poisson rate, modulated by the calendar (weekly and
// yearly seasonality, December peak, sale days), and after each repeat purchase drops out with a
// beta-distributed probability. Buying also stops when the subscription is cancelled, and slows in
// the weeks before. Baskets mix the customer's favourite categories and products with popular ones
// and their complements. Rows come out sorted by time: the simulation runs week by week with
// each customer's random stream parked in a Uint32Array in between, so memory stays one week deep.
import { AsciiBatch } from './ascii';
import { DAY_MS, dayIndex, sampleSecondOfDay } from './calendar';
import { sampleInCategory } from './catalog';
import { DISENGAGED_RATE, DISENGAGE_MS, FAVOURITES, FAVOURITE_WEIGHTS } from './customers';
import { buildPopulation, type Population } from './population';
import { Rng, seedOf } from '../src/lib/random';
import type { World } from './world';

export const TRANSACTION_HEADER = 'invoice_id,customer_id,date,product_id,quantity,unit_price,amount';

const PURCHASE_STREAM = 2;
/** Invoice numbers are zero-padded to this many digits (I00000001; returns C00000002). */
const INVOICE_DIGITS = 8;
/** Chance that the next line is the complement of the previous one (mug, then coffee). */
const COMPLEMENT_CHANCE = 0.3;
const SALE_PRICE = 0.8;
/** Mean days between a purchase and its return. */
const RETURN_DAYS = 8;

/**
 * One week of invoices. The arrays are reused between weeks: read a chunk before asking the
 * generator for the next one.
 */
export interface PurchaseChunk {
  /** Invoice indices in time order. */
  order: Int32Array;
  time: number[];
  customer: number[];
  firstLine: number[];
  lineCount: number[];
  /** 1 for a return (negative quantities, `C` invoice). */
  isReturn: number[];
  product: number[];
  quantity: number[];
  priceCents: number[];
}

function emptyChunk(): PurchaseChunk {
  return {
    order: new Int32Array(0),
    time: [],
    customer: [],
    firstLine: [],
    lineCount: [],
    isReturn: [],
    product: [],
    quantity: [],
    priceCents: [],
  };
}

function clearChunk(ch: PurchaseChunk): void {
  ch.time.length = 0;
  ch.customer.length = 0;
  ch.firstLine.length = 0;
  ch.lineCount.length = 0;
  ch.isReturn.length = 0;
  ch.product.length = 0;
  ch.quantity.length = 0;
  ch.priceCents.length = 0;
}

/** Returns scheduled for a later week. */
interface Pending {
  time: number[];
  customer: number[];
  product: number[];
  quantity: number[];
  priceCents: number[];
}

/** The week-by-week purchase simulation; yields one sorted chunk per week (Calendar.chunkBounds). */
export function* purchaseChunks(world: World, pop: Population = buildPopulation(world)): Generator<PurchaseChunk> {
  const { opts, cal, catalog } = world;
  const n = pop.n;
  const rngState = new Uint32Array(n);
  const nextMs = new Float64Array(n);
  const purchases = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    rngState[c] = seedOf(opts.seed, PURCHASE_STREAM, c);
    // The first purchase is made at signup (as in BG/NBD, the clock starts at the first purchase).
    nextMs[c] = pop.signupMs[c];
  }
  const rng = new Rng(0);
  const ch = emptyChunk();
  const pending: Pending = { time: [], customer: [], product: [], quantity: [], priceCents: [] };
  const maxWeight = cal.maxPurchaseWeight;
  // Module constants copied to locals: this is the hot loop of a ten-million-row run.
  const [fav0, fav1, fav2] = FAVOURITE_WEIGHTS;
  const disengageMs = DISENGAGE_MS;
  const disengagedRate = DISENGAGED_RATE;
  const startMs = cal.startMs;

  const nextPurchase = (c: number, t: number): number => {
    const rateMax = pop.purchaseRate[c] * maxWeight;
    const stop = pop.stopMs[c];
    if (!(rateMax > 0)) return Infinity;
    // Thinning: candidates at the peak rate, kept in proportion to the day's weight.
    for (let s = t; ; ) {
      s += rng.exponential(rateMax);
      if (s >= stop) return Infinity;
      const d = Math.floor((s - startMs) / DAY_MS);
      let keep = cal.purchaseWeight[d] / maxWeight;
      if (s > pop.churnMs[c] - disengageMs) keep *= disengagedRate;
      if (rng.next() < keep) {
        const shown = startMs + d * DAY_MS + sampleSecondOfDay(rng) * 1000;
        return shown > t && shown < stop ? shown : s;
      }
    }
  };

  const pickProduct = (c: number): number => {
    const base = c * FAVOURITES;
    if (rng.next() < pop.loyalty[c]) {
      // A favourite product, weighted like the favourite categories.
      const u = rng.next() * (fav0 + fav1 + fav2);
      return pop.favouriteProducts[base + (u < fav0 ? 0 : u < fav0 + fav1 ? 1 : 2)];
    }
    const u = rng.next();
    if (u < fav0 + fav1 + fav2) {
      const k = u < fav0 ? 0 : u < fav0 + fav1 ? 1 : 2;
      return sampleInCategory(catalog, pop.favouriteCategories[base + k], rng);
    }
    return sampleInCategory(catalog, catalog.categoryShare.sample(rng), rng);
  };

  const inInvoice = (p: number, first: number): boolean => {
    for (let l = first; l < ch.product.length; l++) if (ch.product[l] === p) return true;
    return false;
  };

  const addInvoice = (c: number, t: number): void => {
    const first = ch.product.length;
    const lines = 1 + rng.poisson(pop.extraLines[c]);
    const onSale = cal.sale[Math.floor((t - startMs) / DAY_MS)] === 1;
    for (let k = 0; k < lines; k++) {
      let p = k > 0 && rng.next() < COMPLEMENT_CHANCE ? catalog.complement[ch.product[ch.product.length - 1]] : pickProduct(c);
      // One line per product; a repeated pick becomes a fresh one, or is dropped.
      for (let tries = 0; tries < 3 && inInvoice(p, first); tries++) p = pickProduct(c);
      if (inInvoice(p, first)) continue;
      const list = catalog.priceCents[p];
      ch.product.push(p);
      ch.quantity.push(1 + rng.poisson(pop.extraQuantity[c]));
      ch.priceCents.push(onSale ? Math.round(list * SALE_PRICE) : list);
    }
    ch.time.push(t);
    ch.customer.push(c);
    ch.firstLine.push(first);
    ch.lineCount.push(ch.product.length - first);
    ch.isReturn.push(0);
    if (rng.next() < opts.returnRate) {
      const j = first + rng.int(ch.product.length - first);
      const when = t + (1 + rng.exponential(1 / RETURN_DAYS)) * DAY_MS;
      if (when < opts.endMs) {
        pending.time.push(when);
        pending.customer.push(c);
        pending.product.push(ch.product[j]);
        pending.quantity.push(1 + rng.int(ch.quantity[j]));
        pending.priceCents.push(ch.priceCents[j]);
      }
    }
  };

  const bounds = cal.chunkBounds;
  for (let b = 1; b < bounds.length; b++) {
    const chunkEnd = bounds[b];
    clearChunk(ch);
    for (let c = 0; c < n; c++) {
      if (pop.signupMs[c] >= chunkEnd) break;
      if (nextMs[c] >= chunkEnd) continue;
      rng.state = rngState[c];
      while (nextMs[c] < chunkEnd) {
        const t = nextMs[c];
        addInvoice(c, t);
        purchases[c]++;
        // BG/NBD: the customer may become inactive after any repeat purchase.
        if (purchases[c] > 1 && rng.next() < pop.dropout[c]) {
          nextMs[c] = Infinity;
          break;
        }
        nextMs[c] = nextPurchase(c, t);
      }
      rngState[c] = rng.state;
    }
    movePendingReturns(ch, pending, chunkEnd);
    ch.order = sortedOrder(ch);
    yield ch;
  }
}

function movePendingReturns(ch: PurchaseChunk, pending: Pending, chunkEnd: number): void {
  let kept = 0;
  for (let i = 0; i < pending.time.length; i++) {
    if (pending.time[i] < chunkEnd) {
      ch.time.push(pending.time[i]);
      ch.customer.push(pending.customer[i]);
      ch.firstLine.push(ch.product.length);
      ch.lineCount.push(1);
      ch.isReturn.push(1);
      ch.product.push(pending.product[i]);
      ch.quantity.push(pending.quantity[i]);
      ch.priceCents.push(pending.priceCents[i]);
    } else {
      pending.time[kept] = pending.time[i];
      pending.customer[kept] = pending.customer[i];
      pending.product[kept] = pending.product[i];
      pending.quantity[kept] = pending.quantity[i];
      pending.priceCents[kept] = pending.priceCents[i];
      kept++;
    }
  }
  pending.time.length = kept;
  pending.customer.length = kept;
  pending.product.length = kept;
  pending.quantity.length = kept;
  pending.priceCents.length = kept;
}

function sortedOrder(ch: PurchaseChunk): Int32Array {
  const order = new Int32Array(ch.time.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Ties broken by customer and position, so the order never depends on the sort algorithm.
  return order.sort((a, b) => ch.time[a] - ch.time[b] || ch.customer[a] - ch.customer[b] || a - b);
}

/** transactions.csv in batches of about `batchRows` rows; the first batch starts with the header. */
export function* transactionLines(world: World, batchRows = 50_000): Generator<string> {
  const { cal, catalog, idWidth } = world;
  const batch = new AsciiBatch();
  batch.text(TRANSACTION_HEADER).endRow();
  let invoiceNumber = 0;
  for (const ch of purchaseChunks(world)) {
    for (let o = 0; o < ch.order.length; o++) {
      const i = ch.order[o];
      invoiceNumber++;
      const prefix = ch.isReturn[i] === 1 ? 'C' : 'I';
      const sign = ch.isReturn[i] === 1 ? -1 : 1;
      const day = dayIndex(cal, ch.time[i]);
      const second = Math.floor((ch.time[i] - cal.startMs - day * DAY_MS) / 1000);
      const end = ch.firstLine[i] + ch.lineCount[i];
      for (let l = ch.firstLine[i]; l < end; l++) {
        const q = sign * ch.quantity[l];
        const price = ch.priceCents[l];
        batch.reserve(200);
        batch.text(prefix).padded(invoiceNumber, INVOICE_DIGITS).comma();
        batch.text('C').padded(ch.customer[i] + 1, idWidth).comma();
        batch.text(cal.dayText[day]).clock(second).comma();
        batch.text(catalog.id[ch.product[l]]).comma();
        batch.int(q).comma().cents(price).comma().cents(q * price).endRow();
      }
      if (batch.rows >= batchRows) yield batch.take();
    }
  }
  if (batch.byteLength > 0) yield batch.take();
}

/** Number of transaction rows the world would produce, without formatting them. */
export function countTransactionRows(world: World): number {
  let rows = 0;
  for (const ch of purchaseChunks(world)) for (const k of ch.lineCount) rows += k;
  return rows;
}
