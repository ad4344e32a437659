// DuckDB-WASM's read_csv_auto of the same file in the same Chromium: the reference of `import-138mb`.
// Bundled on its own by the section (esbuild) and served from /bench-data/duckdb/ with DuckDB's worker
// and wasm files, so DuckDB never enters the app's or the bench page's bundle.
import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';

/** Times `CREATE TABLE AS SELECT * FROM read_csv_auto(file)` on bundle 'coi' (threads) or 'eh' (one thread). */
export async function duckdbImport(url: string, bundle: 'coi' | 'eh', base: string): Promise<{ seconds: number; rows: number; threads: string }> {
  const file = await (await fetch(url)).blob();
  const worker = new Worker(`${base}duckdb-browser-${bundle}.worker.js`);
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    await db.instantiate(`${base}duckdb-${bundle}.wasm`, bundle === 'coi' ? `${base}duckdb-browser-coi.pthread.worker.js` : null);
    const conn = await db.connect();
    if (bundle === 'coi') await conn.query(`SET threads = ${navigator.hardwareConcurrency || 1}`).catch(() => {});
    const threads = String((await conn.query(`SELECT current_setting('threads') AS t`)).toArray()[0]?.t ?? '?');
    // The threaded bundle's pthreads cannot read a registered File (BROWSER_FILEREADER), so both bundles get
    // the bytes in wasm memory, copied before the clock starts (a head start our import does not get).
    await db.registerFileBuffer('data.csv', new Uint8Array(await file.arrayBuffer()));
    const t0 = performance.now();
    await conn.query(`CREATE TABLE t AS SELECT * FROM read_csv_auto('data.csv')`);
    const seconds = (performance.now() - t0) / 1000;
    const rows = Number((await conn.query('SELECT count(*) AS n FROM t')).toArray()[0]?.n ?? 0);
    await conn.close();
    return { seconds, rows, threads };
  } finally {
    await db.terminate().catch(() => {});
    worker.terminate();
  }
}
