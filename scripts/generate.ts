// Writes the synthetic demo workspace (or a benchmark-sized one) as CSV files.
//
//   npm run generate -- [--customers N] [--transactions M] [--seed S] [--out DIR]
//                       [--files customers,transactions,products,events] [--start YYYY-MM-DD] [--end YYYY-MM-DD]
//                       [--products P] [--next-month]
//
// --next-month also writes customers_next_month.csv: the same customers a month later with one known
// shift (seeds/next-month.ts), for the churn monitor.
//
// --transactions is a target row count (about): with --customers the purchase rate is tuned to
// reach it, without it the number of customers is. Batches stream to disk with backpressure, so
// ten million rows need no more memory than one simulated month. Prints one line of JSON.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HelpRequest, flagBoolean, flagList, flagNumber, flagString, parseArgs, type CommandSpec } from '../src/cli/args';
import { DEMO_FILES, demoLines, planForTransactions, type DemoFile } from '../seeds/generate';
import type { DemoOptions } from '../seeds/options';
import { buildWorld } from '../seeds/world';
import { NEXT_MONTH_FILE, nextMonthLines } from '../seeds/next-month';

interface FileSummary {
  path: string;
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

async function writeCsv(file: string, batches: Iterable<string>): Promise<FileSummary> {
  const started = performance.now();
  let lines = 0;
  let bytes = 0;
  function* counted(): Generator<string> {
    for (const b of batches) {
      lines += countLines(b);
      bytes += Buffer.byteLength(b);
      yield b;
    }
  }
  // pipeline() waits for 'drain' whenever the file falls behind, and cleans up on errors.
  await pipeline(Readable.from(counted()), createWriteStream(file));
  const seconds = (performance.now() - started) / 1000;
  const rows = Math.max(0, lines - 1);
  return { path: file, rows, bytes, seconds: round(seconds), rowsPerSecond: Math.round(rows / seconds) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const spec: CommandSpec = {
  name: 'generate',
  program: 'npm run generate --',
  usage: '[options]',
  summary: 'Writes the synthetic demo workspace (or a benchmark-sized one) as CSV files; prints one line of JSON.',
  positionals: 0,
  load: false,
  flags: [
    { name: 'customers', kind: 'number', help: 'number of customers (default: the demo\'s)' },
    { name: 'transactions', kind: 'number', value: 'M', help: 'about this many transaction rows: tunes the purchase rate (with --customers) or the customers' },
    { name: 'seed', kind: 'number', help: 'random seed (default 42)' },
    { name: 'out', kind: 'string', value: 'DIR', help: 'output folder (default tmp/demo)' },
    { name: 'files', kind: 'list', value: DEMO_FILES.join(','), help: 'which files to write (default all)' },
    { name: 'start', kind: 'string', value: 'YYYY-MM-DD', help: 'first day of the simulated history' },
    { name: 'end', kind: 'string', value: 'YYYY-MM-DD', help: 'last day of the simulated history' },
    { name: 'products', kind: 'number', value: 'P', help: 'number of products in the catalogue' },
    { name: 'next-month', kind: 'boolean', help: 'also write customers_next_month.csv: the same customers a month later, contracts shifted (seeds/next-month.ts)' },
  ],
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), spec);

  const files = (flagList(args, 'files') ?? [...DEMO_FILES]) as DemoFile[];
  for (const f of files) {
    if (!(DEMO_FILES as readonly string[]).includes(f)) {
      throw new Error(`--files: unknown file "${f}" (files: ${DEMO_FILES.join(', ')})`);
    }
  }
  let opts: DemoOptions = {
    customers: args.flags.has('customers') ? flagNumber(args, 'customers', 0) : undefined,
    seed: args.flags.has('seed') ? flagNumber(args, 'seed', 0) : undefined,
    start: flagString(args, 'start'),
    end: flagString(args, 'end'),
    products: args.flags.has('products') ? flagNumber(args, 'products', 0) : undefined,
  };
  const started = performance.now();
  if (args.flags.has('transactions')) opts = planForTransactions(opts, flagNumber(args, 'transactions', 0));
  const world = buildWorld(opts);
  const out = path.resolve(flagString(args, 'out') ?? 'tmp/demo');
  await mkdir(out, { recursive: true });

  const written: Partial<Record<DemoFile | typeof NEXT_MONTH_FILE, FileSummary>> = {};
  for (const f of files) written[f] = await writeCsv(path.join(out, `${f}.csv`), demoLines(f, world));
  if (flagBoolean(args, 'next-month')) written[NEXT_MONTH_FILE] = await writeCsv(path.join(out, `${NEXT_MONTH_FILE}.csv`), nextMonthLines(world));
  const summaries = Object.values(written) as FileSummary[];
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    out,
    seed: world.opts.seed,
    customers: world.opts.customers,
    purchasesPerYear: world.opts.purchasesPerYear,
    start: world.opts.start,
    end: world.opts.end,
    files: written,
    rows: summaries.reduce((s, f) => s + f.rows, 0),
    bytes: summaries.reduce((s, f) => s + f.bytes, 0),
    seconds: round(seconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(summary) + '\n');
}

main().catch((err: unknown) => {
  if (err instanceof HelpRequest) {
    process.stdout.write(err.message + '\n');
    return;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
