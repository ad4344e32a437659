// The traits of every customer that the transaction and event simulations keep consulting, in
// typed arrays: a million customer objects would cost far more memory than these columns.
import { FAVOURITES, drawCustomer } from './customers';
import type { World } from './world';

export interface Population {
  n: number;
  /** Sorted by day: customer i signs up no later (by day) than customer i + 1. */
  signupMs: Float64Array;
  churnMs: Float64Array;
  stopMs: Float64Array;
  purchaseRate: Float64Array;
  dropout: Float64Array;
  extraLines: Float32Array;
  extraQuantity: Float32Array;
  /** FAVOURITES entries per customer. */
  favouriteCategories: Int32Array;
  favouriteProducts: Int32Array;
  loyalty: Float32Array;
  activity: Float32Array;
  emailOpenRate: Float32Array;
  newsletter: Uint8Array;
  tickets: Int32Array;
}

const cache = new WeakMap<World, Population>();

/** The population of a world, built once: every file of one workspace shares it. */
export function buildPopulation(world: World): Population {
  let pop = cache.get(world);
  if (!pop) {
    pop = drawPopulation(world);
    cache.set(world, pop);
  }
  return pop;
}

function drawPopulation(world: World): Population {
  const n = world.opts.customers;
  const pop: Population = {
    n,
    signupMs: new Float64Array(n),
    churnMs: new Float64Array(n),
    stopMs: new Float64Array(n),
    purchaseRate: new Float64Array(n),
    dropout: new Float64Array(n),
    extraLines: new Float32Array(n),
    extraQuantity: new Float32Array(n),
    favouriteCategories: new Int32Array(n * FAVOURITES),
    favouriteProducts: new Int32Array(n * FAVOURITES),
    loyalty: new Float32Array(n),
    activity: new Float32Array(n),
    emailOpenRate: new Float32Array(n),
    newsletter: new Uint8Array(n),
    tickets: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = drawCustomer(world, i);
    pop.signupMs[i] = c.signupMs;
    pop.churnMs[i] = c.churnMs;
    pop.stopMs[i] = c.stopMs;
    pop.purchaseRate[i] = c.purchaseRate;
    pop.dropout[i] = c.dropout;
    pop.extraLines[i] = c.extraLines;
    pop.extraQuantity[i] = c.extraQuantity;
    for (let k = 0; k < FAVOURITES; k++) {
      pop.favouriteCategories[i * FAVOURITES + k] = c.favouriteCategories[k];
      pop.favouriteProducts[i * FAVOURITES + k] = c.favouriteProducts[k];
    }
    pop.loyalty[i] = c.loyalty;
    pop.activity[i] = c.activity;
    pop.emailOpenRate[i] = c.emailOpenRate;
    pop.newsletter[i] = c.newsletter ? 1 : 0;
    pop.tickets[i] = c.tickets;
  }
  return pop;
}
