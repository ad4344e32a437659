// segment: RFM per customer from a transactions file, then k-means on the chosen RFM features.
// npm run -s cli -- segment <file> --customer C --date D --amount A [--as-of YYYY-MM-DD]
//   [--features recency,frequency,monetary] [--log] [--k N|auto] [--restarts 10] [--seed S]
//   [--quantity Q] [--invoice I] [--price P] [--no-header --columns a,b,c --delimiter X]
import { flagList, flagNumber, flagString, parseArgs, requireFlag } from '../args';
import { loadTable } from '../load';
import { computeRfm } from '../../lib/features/rfm/rfm';
import { parseRfmFeatures, rfmMatrix } from '../../lib/features/rfm/features';
import { segmentFeatures } from '../../lib/models/kmeans/segment-features';

export interface SegmentOutput {
  customers: number;
  k: number;
  inertia: number;
  silhouette: number;
  segments: { size: number; center: Record<string, number> }[];
  rfmSegments: Record<string, number>;
  backend: string;
  seconds: number;
}

export async function run(argv: string[]): Promise<SegmentOutput> {
  const t0 = performance.now();
  const args = parseArgs(argv);
  const file = args.positional[0];
  if (!file) throw new Error('usage: segment <file> --customer C --date D --amount A [--k N|auto] ...');
  const kFlag = flagString(args, 'k') ?? 'auto';
  const k = kFlag === 'auto' ? 'auto' : Number(kFlag);
  if (k !== 'auto' && (!Number.isInteger(k) || k < 2)) throw new Error(`--k must be an integer >= 2 or "auto", got "${kFlag}"`);
  const restarts = flagNumber(args, 'restarts', 10);
  const seed = flagNumber(args, 'seed', 0);
  const features = parseRfmFeatures(flagList(args, 'features') ?? ['recency', 'frequency', 'monetary']);

  const { table } = await loadTable(file, {
    header: args.flags.get('no-header') === true ? false : undefined,
    columns: flagList(args, 'columns'),
    delimiter: flagString(args, 'delimiter'),
  });
  const rfm = computeRfm(table, {
    customer: requireFlag(args, 'customer'),
    date: requireFlag(args, 'date'),
    amount: flagString(args, 'amount'),
    price: flagString(args, 'price'),
    quantity: flagString(args, 'quantity'),
    invoice: flagString(args, 'invoice'),
    asOf: flagString(args, 'as-of'),
  });
  // Standardisation is always on: recency (days) and monetary ($) are on unrelated scales.
  const { k: chosenK, fit, silhouette } = await segmentFeatures(rfmMatrix(rfm, features), [...features], {
    k,
    log: args.flags.get('log') === true,
    standardize: true,
    restarts,
    seed,
  });

  return {
    customers: rfm.customers,
    k: chosenK,
    inertia: fit.inertia,
    silhouette,
    segments: fit.sizes.map((size, c) => ({
      size,
      center: Object.fromEntries(features.map((f, j) => [f, fit.centresOriginal.data[c * features.length + j]])),
    })),
    rfmSegments: Object.fromEntries(rfm.segments.map((s) => [s.name, s.customers])),
    backend: fit.backend,
    seconds: (performance.now() - t0) / 1000,
  };
}
