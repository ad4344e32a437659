// segment: RFM per customer from a transactions file, then k-means on the chosen RFM features.
// npm run -s cli -- segment <file> --customer C --date D --amount A [--as-of YYYY-MM-DD]
//   [--features recency,frequency,monetary] [--log] [--k N|auto] [--restarts 10] [--seed S]
//   [--quantity Q] [--invoice I] [--price P] [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
import { flagBoolean, flagList, flagNumber, flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { parseRfmFeatures } from '../../lib/features/rfm/features';
import { runSegment } from '../../lib/segment';

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

export const spec: CommandSpec = {
  name: 'segment',
  usage: '<file> --customer C --date D [--amount A] [options]',
  summary: 'RFM per customer from a transactions file, then k-means on the chosen RFM features (the Segments page).',
  flags: [
    { name: 'customer', kind: 'string', value: 'COL', help: 'the customer id column (required)' },
    { name: 'date', kind: 'string', value: 'COL', help: 'the transaction date column (required)' },
    { name: 'amount', kind: 'string', value: 'COL', help: 'the amount column (monetary); or --price with --quantity' },
    { name: 'price', kind: 'string', value: 'COL', help: 'unit price column (amount = price x quantity)' },
    { name: 'quantity', kind: 'string', value: 'COL', help: 'quantity column' },
    { name: 'invoice', kind: 'string', value: 'COL', help: 'invoice column: invoices starting with "C" are cancellations (as in UCI Online Retail)' },
    { name: 'as-of', kind: 'string', value: 'YYYY-MM-DD', help: 'the day recency is measured to (default: the day after the last transaction)' },
    { name: 'features', kind: 'list', value: 'recency,frequency,monetary', help: 'the RFM features to cluster on (default all three)' },
    { name: 'log', kind: 'boolean', help: 'log-transform the features before standardising' },
    { name: 'k', kind: 'string', value: 'N|auto', help: 'number of segments, or auto: the elbow of a K sweep (default auto)' },
    { name: 'restarts', kind: 'number', help: 'k-means restarts, the best kept (default 10)' },
    { name: 'seed', kind: 'number', help: 'random seed (default 0)' },
  ],
};

export async function run(argv: string[]): Promise<SegmentOutput> {
  const t0 = performance.now();
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const kFlag = flagString(args, 'k') ?? 'auto';
  const k = kFlag === 'auto' ? 'auto' : Number(kFlag);
  if (k !== 'auto' && (!Number.isInteger(k) || k < 2)) throw new Error(`--k must be an integer >= 2 or "auto", got "${kFlag}"`);
  const restarts = flagNumber(args, 'restarts', 10);
  const seed = flagNumber(args, 'seed', 0);
  const features = parseRfmFeatures(flagList(args, 'features') ?? ['recency', 'frequency', 'monetary']);

  const { table } = await loadTable(file, loadOptions(args));
  const source = {
    kind: 'rfm' as const,
    datasetId: file,
    customer: requireFlag(args, 'customer'),
    date: requireFlag(args, 'date'),
    amount: flagString(args, 'amount'),
    price: flagString(args, 'price'),
    quantity: flagString(args, 'quantity'),
    invoice: flagString(args, 'invoice'),
    asOf: flagString(args, 'as-of'),
  };
  // The Segments page's run (src/lib/segment); standardisation is always on there.
  const { view } = await runSegment(table, { source, features: [...features], log: flagBoolean(args, 'log'), k, restarts, seed });

  return {
    customers: view.customers,
    k: view.k,
    inertia: view.inertia,
    silhouette: view.silhouette,
    segments: view.sizes.map((size, c) => ({ size, center: Object.fromEntries(features.map((f, j) => [f, view.centres[c][j]])) })),
    rfmSegments: Object.fromEntries((view.rfm?.segments ?? []).map((s) => [s.name, s.customers])),
    backend: view.backend,
    seconds: (performance.now() - t0) / 1000,
  };
}
