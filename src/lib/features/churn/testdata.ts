// Test-only helpers (never imported by app code): columns and tables built by hand. Pure, so
// browser tests use them too; the Node-only telco loader is in testdata-node.ts.
import type { Column, Table } from '../../data/table';

export function categorical(name: string, values: (string | null)[], type: 'category' | 'id' | 'text' = 'category'): Column {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let k = index.get(v);
    if (k === undefined) {
      k = dictionary.length;
      dictionary.push(v);
      index.set(v, k);
    }
    return k;
  });
  return { name, type, codes, dictionary };
}

export function numeric(name: string, values: ArrayLike<number>, type: 'integer' | 'number' | 'boolean' | 'date' = 'number'): Column {
  return { name, type, values: Float64Array.from(values) };
}

export function table(...columns: Column[]): Table {
  const c = columns[0];
  return { rows: 'values' in c ? c.values.length : c.codes.length, columns };
}

/** A seeded synthetic churn table: churn rises with `risk` and with plan "monthly". */
export function syntheticChurn(rows: number, seed = 1): Table {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const risk: number[] = [];
  const noise: number[] = [];
  const plan: string[] = [];
  const senior: number[] = [];
  const churn: string[] = [];
  const id: string[] = [];
  for (let i = 0; i < rows; i++) {
    const r = rnd() * 4 - 2;
    const p = rnd() < 0.5 ? 'monthly' : rnd() < 0.5 ? 'yearly' : 'two-year';
    const sen = rnd() < 0.2 ? 1 : 0;
    const z = 1.5 * r + (p === 'monthly' ? 1 : -0.5) + 0.3 * sen - 0.8;
    risk.push(r);
    noise.push(rnd());
    plan.push(p);
    senior.push(sen);
    churn.push(rnd() < 1 / (1 + Math.exp(-z)) ? 'Yes' : 'No');
    id.push(`C${i}`);
  }
  return table(
    categorical('id', id, 'id'),
    numeric('risk', risk),
    numeric('noise', noise),
    categorical('plan', plan),
    numeric('senior', senior, 'boolean'),
    categorical('Churn', churn),
  );
}
