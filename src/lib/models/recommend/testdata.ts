// Test-only helpers: small fixtures and a minimal reader for MovieLens u.data (tab-separated,
// no header), so the reference checks do not depend on the CSV loader being built elsewhere.
import { readFileSync } from 'node:fs';
import type { Table } from '../../data/table';
import { datasetPath } from '../../../../tests/datasets';

export function movielensTable(): Table {
  const text = readFileSync(datasetPath('movielens-100k/u.data'), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const cols = [0, 1, 2, 3].map(() => new Float64Array(lines.length));
  lines.forEach((l, r) => {
    const f = l.split('\t');
    for (let c = 0; c < 4; c++) cols[c][r] = Number(f[c]);
  });
  return {
    rows: lines.length,
    columns: [
      { name: 'user', type: 'integer', values: cols[0] },
      { name: 'item', type: 'integer', values: cols[1] },
      { name: 'rating', type: 'integer', values: cols[2] },
      { name: 'time', type: 'integer', values: cols[3] },
    ],
  };
}

/** A table from string/number rows, for hand-made fixtures. */
export function smallTable(names: string[], rows: (string | number)[][]): Table {
  return {
    rows: rows.length,
    columns: names.map((name, c) => {
      if (typeof rows[0][c] === 'number') {
        return { name, type: 'number' as const, values: Float64Array.from(rows, (r) => r[c] as number) };
      }
      const dictionary: string[] = [];
      const codes = Int32Array.from(rows, (r) => {
        const s = String(r[c]);
        if (s === '') return -1;
        let k = dictionary.indexOf(s);
        if (k < 0) k = dictionary.push(s) - 1;
        return k;
      });
      return { name, type: 'id' as const, codes, dictionary };
    }),
  };
}
