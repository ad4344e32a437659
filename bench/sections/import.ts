// `import-138mb`: our import of the 138 MB telco-shaped file end to end (parse, type, encode, commit into
// IndexedDB, through the app's import worker and its helpers) against DuckDB-WASM's read_csv_auto of the
// same file in the same Chromium (threaded COI bundle: the reference; one-thread EH bundle: for scale),
// with peak memory of page + workers over the file size and the longest main-thread task.
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import Papa from 'papaparse';
import { datasetPath } from '../../tests/datasets';
import { withReference, type BenchContext, type BenchSection, type Row } from '../rows';
import type { BenchApi } from '../page';

/** The telco file repeated to 1,000,106 rows (~138 MB), as the reference protocol describes (fewer copies: a quick run). */
export function telcoMillion(work: string, repeats = 142): string {
  const file = path.join(work, repeats === 142 ? 'telco-1m.csv' : `telco-${repeats}x.csv`);
  if (existsSync(file)) return file;
  const text = readFileSync(datasetPath('telco/Telco-Customer-Churn.csv'), 'utf8');
  const nl = text.indexOf('\n');
  const body = text.slice(nl + 1).replace(/\r?\n?$/, '\n');
  writeFileSync(file, [text.slice(0, nl + 1), ...Array.from({ length: repeats }, () => body)].join(''));
  return file;
}

async function papaReference(file: string): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(file), { fastMode: true, step: () => {}, complete: () => resolve(), error: reject });
  });
  return statSync(file).size / 1e6 / ((performance.now() - t0) / 1000);
}

/** DuckDB's worker and wasm files and our small driver (bench/duckdb-reference.ts), under /bench-data/duckdb/. */
async function serveDuckdb(ctx: BenchContext): Promise<string> {
  const dir = path.join(ctx.dataDir, 'duckdb');
  mkdirSync(dir, { recursive: true });
  const dist = path.join(ctx.root, 'node_modules/@duckdb/duckdb-wasm/dist');
  for (const f of ['duckdb-browser-coi.worker.js', 'duckdb-browser-coi.pthread.worker.js', 'duckdb-coi.wasm', 'duckdb-browser-eh.worker.js', 'duckdb-eh.wasm']) {
    if (!existsSync(path.join(dir, f))) symlinkSync(path.join(dist, f), path.join(dir, f));
  }
  await build({ entryPoints: [path.join(ctx.root, 'bench/duckdb-reference.ts')], bundle: true, format: 'esm', platform: 'browser', outfile: path.join(dir, 'duckdb-reference.js'), logLevel: 'warning' });
  return '/bench-data/duckdb/';
}

async function duckdb(ctx: BenchContext, base: string, bundle: 'coi' | 'eh', url: string): Promise<{ seconds: number; rows: number; threads: string } | null> {
  try {
    return await ctx.page.evaluate(
      async ([b, which, u]) => {
        const m = (await import(/* @vite-ignore */ `${b}duckdb-reference.js`)) as typeof import('../duckdb-reference');
        return m.duckdbImport(u, which, b);
      },
      [base, bundle, url] as const,
    );
  } catch (e) {
    console.error(`[bench] DuckDB-WASM ${bundle} failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return null;
  }
}

export const importSection: BenchSection = {
  name: 'import-138mb',
  async run(ctx) {
    // IMPORT_BENCH_REPEATS: fewer copies of telco for a quick check of the row (142, the default, is ~138 MB).
    const file = telcoMillion(ctx.work, Number(process.env.IMPORT_BENCH_REPEATS ?? 142));
    const link = path.join(ctx.dataDir, path.basename(file));
    if (!existsSync(link)) symlinkSync(file, link);
    const url = `/bench-data/${path.basename(file)}`;
    const bytes = statSync(file).size;
    const mb = bytes / 1e6;
    const rows: Row[] = [];
    const papa = await papaReference(file);
    rows.push({ benchmark: 'papaparse fastMode, Node (reference)', value: papa, unit: 'MB/s', target: 'for scale', pass: null });

    const base = await serveDuckdb(ctx);
    console.error('[bench] import-138mb: DuckDB-WASM read_csv_auto (threaded, then one thread)...');
    const coi = await duckdb(ctx, base, 'coi', url);
    const eh = await duckdb(ctx, base, 'eh', url);
    const rate = (d: { seconds: number } | null) => (d ? mb / d.seconds : null);
    if (coi) rows.push({ benchmark: `DuckDB-WASM 1.32 read_csv_auto, threaded bundle (coi), ${mb.toFixed(0)} MB (reference)`, value: mb / coi.seconds, unit: 'MB/s', target: 'reference', pass: null, note: `${coi.seconds.toFixed(2)} s, ${coi.rows.toLocaleString('en')} rows, threads ${coi.threads}` });
    if (eh) rows.push({ benchmark: `DuckDB-WASM 1.32 read_csv_auto, one-thread bundle (eh), ${mb.toFixed(0)} MB (for scale)`, value: mb / eh.seconds, unit: 'MB/s', target: 'for scale', pass: null, note: `${eh.seconds.toFixed(2)} s, ${eh.rows.toLocaleString('en')} rows` });

    console.error(`[bench] import-138mb: our import of ${path.basename(file)}...`);
    const r = await ctx.page.evaluate((u) => (window as unknown as { rlBench: BenchApi }).rlBench.importUrl(u), url);
    const ref = rate(coi);
    const ours = withReference({ benchmark: `import ${r.rows.toLocaleString('en')} rows x ${r.columns} cols (${mb.toFixed(0)} MB), end to end`, value: r.mbPerSecond, unit: 'MB/s', target: ref ? `>= DuckDB-WASM threaded (${ref.toFixed(1)})` : '>= DuckDB-WASM threaded', pass: ref ? r.mbPerSecond >= ref : null, note: `${r.importSeconds.toFixed(2)} s; ${papa.toFixed(1)} MB/s papaparse in Node; ${eh ? `${(mb / eh.seconds).toFixed(1)} MB/s DuckDB one thread` : 'DuckDB one thread failed'}` }, ref, 'DuckDB-WASM 1.32 read_csv_auto, threaded bundle, same run', 'rate');
    rows.push(ours);
    rows.push({ benchmark: 'import peak memory (page + workers) / file size', value: r.peakMemoryBytes / r.fileBytes, unit: 'x', target: '< 1.5', pass: r.peakMemoryBytes > 0 ? r.peakMemoryBytes / r.fileBytes < 1.5 : null, note: `${(r.peakMemoryBytes / 1e6).toFixed(0)} MB (measureUserAgentSpecificMemory, every 250 ms)` });
    rows.push({ benchmark: 'import longest main-thread task', value: r.maxLongTaskMs, unit: 'ms', target: '<= 50', pass: r.maxLongTaskMs <= 50 });
    rows.push({ benchmark: 're-open stored dataset (all columns)', value: r.reopenSeconds, unit: 's', target: '< 1', pass: r.reopenSeconds < 1 });
    rows.push({ benchmark: 'profile stored dataset (all columns)', value: r.profileSeconds, unit: 's', target: '-', pass: null });
    return rows;
  },
};
