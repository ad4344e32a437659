// The product catalogue: readable names, category, list price, Zipf-like popularity, and for each
// product a complement in a paired category (so baskets have co-purchase structure).
import { AliasTable, Rng, seedOf } from '../src/lib/random';
import { CATEGORIES, STYLES } from './words';

export interface Catalog {
  size: number;
  id: string[];
  name: string[];
  category: Int32Array;
  /** List price in cents. */
  priceCents: Int32Array;
  /** Global popularity weight (Zipf over a random rank). */
  popularity: Float64Array;
  /** A product often bought together with this one. */
  complement: Int32Array;
  /** Product indices of each category. */
  byCategory: number[][];
  /** Popularity-weighted sampler within each category (indexes into byCategory[c]). */
  categorySampler: AliasTable[];
  /** Category sampler by sales share, for customers' favourite categories. */
  categoryShare: AliasTable;
}

const ZIPF_EXPONENT = 0.9;
const CATALOG_STREAM = 101;

function roundPrice(euros: number): number {
  // Shop prices end in 9: 3.49, 12.99, 64.99.
  const cents = euros < 10 ? Math.round(euros * 2) * 50 - 1 : Math.round(euros) * 100 - 1;
  return Math.max(99, cents);
}

export function buildCatalog(size: number, seed: number): Catalog {
  const rng = new Rng(seedOf(seed, CATALOG_STREAM));
  const nCat = CATEGORIES.length;
  const id: string[] = [];
  const name: string[] = [];
  const category = new Int32Array(size);
  const priceCents = new Int32Array(size);
  const byCategory: number[][] = CATEGORIES.map(() => []);

  // Split products over categories by share (largest remainder), each category at least one.
  const totalShare = CATEGORIES.reduce((s, c) => s + c.share, 0);
  const counts = CATEGORIES.map((c) => Math.max(1, Math.floor((size * c.share) / totalShare)));
  for (let k = 0; counts.reduce((s, x) => s + x, 0) < size; k++) counts[k % nCat]++;
  for (let k = 0; counts.reduce((s, x) => s + x, 0) > size; k++) if (counts[k % nCat] > 1) counts[k % nCat]--;

  const width = Math.max(4, String(size).length);
  let p = 0;
  for (let c = 0; c < nCat; c++) {
    const spec = CATEGORIES[c];
    const combos: string[] = [];
    for (const style of STYLES) {
      for (const noun of spec.nouns) {
        for (const variant of spec.variants) {
          const base = style ? `${style} ${noun.toLowerCase()}` : noun;
          combos.push(`${base} — ${variant}`);
        }
      }
    }
    // Plain names first (shuffled), styled ones only when the catalogue is large.
    const plain = spec.nouns.length * spec.variants.length;
    shuffle(combos, 0, plain, rng);
    shuffle(combos, plain, combos.length, rng);
    const [lo, hi] = spec.price;
    for (let j = 0; j < counts[c]; j++, p++) {
      id.push(`P${String(p + 1).padStart(width, '0')}`);
      name.push(j < combos.length ? combos[j] : `${combos[j % combos.length]} (${Math.floor(j / combos.length) + 1})`);
      category[p] = c;
      priceCents[p] = roundPrice(Math.exp(Math.log(lo) + rng.next() * Math.log(hi / lo)));
      byCategory[c].push(p);
    }
  }

  const rank = Array.from({ length: size }, (_, i) => i);
  shuffle(rank, 0, size, rng);
  const popularity = new Float64Array(size);
  for (let r = 0; r < size; r++) popularity[rank[r]] = 1 / Math.pow(r + 1, ZIPF_EXPONENT);
  const categorySampler = byCategory.map((items) => new AliasTable(items.map((i) => popularity[i])));

  const complement = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const pair = CATEGORIES[category[i]].pairsWith;
    complement[i] = byCategory[pair][categorySampler[pair].sample(rng)];
  }

  return {
    size,
    id,
    name,
    category,
    priceCents,
    popularity,
    complement,
    byCategory,
    categorySampler,
    categoryShare: new AliasTable(CATEGORIES.map((c) => c.share)),
  };
}

function shuffle<T>(items: T[], from: number, to: number, rng: Rng): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + rng.int(i - from + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/** Product in category c, by popularity. */
export function sampleInCategory(catalog: Catalog, c: number, rng: Rng): number {
  return catalog.byCategory[c][catalog.categorySampler[c].sample(rng)];
}

export function centsText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  const frac = a % 100;
  return `${sign}${(a - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
}
