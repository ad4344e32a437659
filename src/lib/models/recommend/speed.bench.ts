// Speed check against the targets (run: npx tsx src/lib/models/recommend/speed.bench.ts [factors]).
// Prints wall and CPU seconds: on a shared machine wall time mostly measures the neighbours.
import * as tf from '@tensorflow/tfjs';
import { fitAls } from './als';
import { fitEase } from './ease';
import { eventsFromTable, interactionMatrix } from './interactions';
import { splitEvents } from './split';
import { syntheticInteractions } from './synthetic';
import { movielensTable } from './testdata';
import { topN } from './topn';

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const out = await f();
  const used = process.cpuUsage(cpu);
  console.log(`${label}: wall ${((performance.now() - wall) / 1000).toFixed(2)} s, cpu ${((used.user + used.system) / 1e6).toFixed(2)} s`);
  return out;
}

await tf.setBackend('cpu');
const factors = Number(process.argv[2] ?? 32);
const events = eventsFromTable(movielensTable(), { user: 'user', item: 'item', time: 'time' });
const split = splitEvents(events, 'leave-last-out');
const ml = interactionMatrix(events, { scheme: 'binary' }, split.train);
await timed('EASE lambda 100, MovieLens 100K (target < 2 s)', () => fitEase(ml, { lambda: 100 }));
await timed('ALS 64 factors x 15 iterations, MovieLens 100K (target < 10 s)', () => fitAls(ml, { factors: 64, regularization: 1, alpha: 40 }));
const big = await timed('generate 100,000 x 5,000, 2,000,000 draws', () => Promise.resolve(syntheticInteractions()));
console.log(`synthetic: ${big.rows} users, ${big.cols} items, ${big.indices.length} distinct interactions`);
const model = await timed(`ALS ${factors} factors x 15 iterations, synthetic (target < 60 s)`, () => fitAls(big, { factors }));
const users = Int32Array.from({ length: big.rows }, (_, u) => u);
await timed('top-10 for every synthetic user (target < 10 s)', () => topN(model, big, users, 10));
