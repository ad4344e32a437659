// Top-N lists for many users at once, never recommending what the user already has.
import type { ProgressFn } from '../../progress';
import type { Csr } from './csr';
import { factorTopN, type FactorModel } from './factor-top-n';
import type { Scorer } from './scorer';

export interface TopN {
  k: number;
  /** k item indices per user (row-major), -1 where fewer than k items are left to recommend. */
  items: Int32Array;
  scores: Float32Array;
}

export interface TopNOptions {
  /** Users scored per call; bounds memory at batch x items floats. */
  batchSize?: number;
  onProgress?: ProgressFn;
}

export async function topN(scorer: Scorer, seen: Csr, users: Int32Array, k: number, opts: TopNOptions = {}): Promise<TopN> {
  if (!(Number.isInteger(k) && k > 0)) throw new Error(`k must be a positive integer, got ${k}`);
  // Factor models skip most of the catalogue exactly (see factorTopN); others score every item.
  const factors = asFactorModel(scorer);
  if (factors) return factorTopN(factors, seen, users, k, opts.onProgress);
  const nItems = scorer.nItems;
  const batchSize = opts.batchSize ?? Math.max(1, Math.min(1024, Math.floor(4_000_000 / Math.max(nItems, 1))));
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const items = new Int32Array(users.length * k).fill(-1);
  const scores = new Float32Array(users.length * k).fill(-Infinity);
  const buf = new Float32Array(batchSize * nItems);
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.subarray(start, Math.min(users.length, start + batchSize));
    const out = buf.subarray(0, batch.length * nItems);
    await scorer.score(batch, out);
    for (let b = 0; b < batch.length; b++) {
      const row = out.subarray(b * nItems, (b + 1) * nItems);
      const u = batch[b];
      if (u < seen.rows) for (let p = seen.indptr[u]; p < seen.indptr[u + 1]; p++) row[seen.indices[p]] = -Infinity;
      selectTop(row, k, items.subarray((start + b) * k), scores.subarray((start + b) * k));
    }
    opts.onProgress?.({ stage: 'Ranking items for every customer', done: start + batch.length, total: users.length });
  }
  return { k, items, scores };
}

function asFactorModel(s: Scorer): FactorModel | null {
  const m = s as Scorer & Partial<FactorModel>;
  const ok = m.userFactors instanceof Float32Array && m.itemFactors instanceof Float32Array && Number.isInteger(m.factors);
  return ok ? (m as FactorModel) : null;
}

/** The k highest finite scores, best first; ties go to the lower item index. */
export function selectTop(row: Float32Array, k: number, outItems: Int32Array, outScores: Float32Array): void {
  let filled = 0;
  let floor = -Infinity;
  for (let i = 0; i < row.length; i++) {
    const s = row[i];
    if (!(s > floor) && !(filled < k && s > -Infinity)) continue;
    if (s === -Infinity || Number.isNaN(s)) continue;
    // Insertion into the short sorted list; strict > keeps earlier (lower) items ahead on ties.
    let pos = Math.min(filled, k - 1);
    while (pos > 0 && s > outScores[pos - 1]) {
      outScores[pos] = outScores[pos - 1];
      outItems[pos] = outItems[pos - 1];
      pos--;
    }
    outScores[pos] = s;
    outItems[pos] = i;
    if (filled < k) filled++;
    if (filled === k) floor = outScores[k - 1];
  }
}
