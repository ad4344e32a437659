// One row of `npm run bench` output (bench/out/latest.json). Rows measured against a reference of the
// same run carry it and the ratio, defined so that a ratio above 1 means we are slower than the reference.
import type { Browser, Page } from 'playwright-core';

export interface Row {
  benchmark: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean | null;
  backend?: string;
  note?: string;
  /** The same-run reference value (same unit as value), when there is one. */
  reference?: number;
  /** What the reference is, e.g. "NumPy linalg.inv (OpenBLAS)". */
  referenceName?: string;
  /** time ours / time reference, or for rates rate reference / rate ours: above 1 = we are slower. */
  ratio?: number;
}

/** Sets reference and ratio on a row; `kind` says whether value is a time (lower is better) or a rate. */
export function withReference(row: Row, reference: number | null | undefined, referenceName: string, kind: 'time' | 'rate'): Row {
  if (reference === null || reference === undefined || !Number.isFinite(reference) || !Number.isFinite(row.value)) return row;
  const ratio = kind === 'time' ? row.value / reference : reference / row.value;
  return { ...row, reference, referenceName, ratio };
}

/** What every bench section gets: the browser, the bench page (its `rlBench` API), the preview server's base
 *  URL, the folder the server serves as /bench-data/ (symlink files there), and tmp/bench for generated data. */
export interface BenchContext {
  browser: Browser;
  page: Page;
  base: string;
  dataDir: string;
  work: string;
  root: string;
}

/** A suite in its own file (bench/sections/*.ts), run by `npm run bench [-- name]` when its name matches. */
export interface BenchSection {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}
