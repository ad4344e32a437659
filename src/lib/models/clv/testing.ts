// Test-only readers for the CDNOW files, so the model tests do not depend on the app's CSV loader.
// Imported by *.test.ts files only (uses node:fs).
import { mulberry32 } from '../../random';
import { gammaSample } from './simulate';
import { readFileSync } from 'node:fs';
import type { Table } from '../../data/table';

/** Whitespace-separated CDNOW transactions (no header): master id, sample id, YYYYMMDD, cds, dollars. */
export function readCdnowTransactions(path: string, skipHeader = false): Table {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (skipHeader) lines.shift();
  const n = lines.length;
  const dictionary: string[] = [];
  const ids = new Map<string, number>();
  const codes = new Int32Array(n);
  const date = new Float64Array(n);
  const dollars = new Float64Array(n);
  lines.forEach((line, i) => {
    const f = line.trim().split(/\s+/);
    const id = f[0];
    let code = ids.get(id);
    if (code === undefined) {
      code = dictionary.length;
      ids.set(id, code);
      dictionary.push(id);
    }
    codes[i] = code;
    const d = f[f.length - 3];
    date[i] = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)));
    dollars[i] = Number(f[f.length - 1]);
  });
  return {
    rows: n,
    columns: [
      { name: 'customer', type: 'id', codes, dictionary },
      { name: 'date', type: 'date', values: date },
      { name: 'dollars', type: 'number', values: dollars },
    ],
  };
}

/** A numeric CSV with a header (CRLF or LF, final newline optional); every column is a number. */
export function readNumericCsv(path: string): Table {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift()!.split(',');
  const values = header.map(() => new Float64Array(lines.length));
  lines.forEach((line, i) => line.split(',').forEach((v, j) => (values[j][i] = Number(v))));
  return {
    rows: lines.length,
    columns: header.map((name, j) => ({ name, type: 'number' as const, values: values[j] })),
  };
}

export { mulberry32 };

// Gamma draws are the simulator's (one Marsaglia-Tsang sampler for the bench and the tests).
export { gammaSample };

/**
 * Customers drawn from the BG/NBD story on a whole-day grid: lambda ~ Gamma(r, rate alpha),
 * dropout p ~ Beta(a, b) after each repeat purchase, age T uniform in 1..maxAge days.
 */
export function simulateBgnbd(
  n: number,
  params: { r: number; alpha: number; a: number; b: number },
  maxAge: number,
  seed = 1,
): { frequency: Float64Array; recency: Float64Array; age: Float64Array } {
  const rand = mulberry32(seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const age = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = gammaSample(rand, params.r) / params.alpha;
    const g1 = gammaSample(rand, params.a);
    const p = g1 / (g1 + gammaSample(rand, params.b));
    const T = 1 + Math.floor(rand() * maxAge);
    let t = 0;
    let x = 0;
    let last = 0;
    while (true) {
      t += -Math.log(1 - rand()) / lambda;
      if (t > T) break;
      x++;
      last = t;
      if (rand() < p) break;
    }
    // Repeat purchases on a day grid; the same-day collisions that rounding would merge are rare and harmless.
    frequency[i] = x;
    recency[i] = x > 0 ? Math.min(T, Math.max(1, Math.round(last))) : 0;
    age[i] = T;
  }
  return { frequency, recency, age };
}
