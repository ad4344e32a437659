// The one seeded random module: every model, split, sample and the demo generator draw from it, so a
// seed gives the same numbers on every machine and engine (not Math.random; not for cryptography).
//   - `mulberry32(seed)`: the generator, floats in [0, 1); models' restarts, initialisations, samples.
//   - `createRng(seed)`: mulberry32 on a stream apart from the models' (metrics' shuffles, folds, hold-outs).
//   - `Rng`: mulberry32 with samplers and a one-number state (the demo generator parks streams in arrays);
//     `seedOf` derives independent stream seeds, `AliasTable` samples fixed weights, `logGamma`.
//   - `shuffleInPlace`, `permutation`, `sampleIndices`, `seededNormal`.

const TWO_POW_32 = 4294967296;


function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A well-spread 32-bit seed for stream (a, b, c, d): neighbouring indices give unrelated streams. */
export function seedOf(a: number, b = 0, c = 0, d = 0): number {
  let h = 0x2545f491;
  h = fmix32(h ^ (a >>> 0)) + 0x9e3779b9;
  // Seeds may exceed 32 bits; fold the high part in too so 1 and 2**32 + 1 differ.
  h = fmix32(h ^ Math.floor(a / TWO_POW_32)) + 0x9e3779b9;
  h = fmix32(h ^ (b >>> 0)) + 0x9e3779b9;
  h = fmix32(h ^ (c >>> 0)) + 0x9e3779b9;
  return fmix32(h ^ (d >>> 0));
}

/**
 * mulberry32 with samplers. The whole state is one uint32 (`state`), so a simulation can park a
 * customer's stream in a Uint32Array and resume it later.
 */
export class Rng {
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = (this.state = (this.state + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Standard normal (Box-Muller; the sine half is dropped so the state stays one number). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Gamma(shape, scale), mean shape * scale (Marsaglia & Tsang 2000). */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) {
      // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
      return this.gamma(shape + 1, scale) * Math.pow(this.next(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x + y === 0 ? 0.5 : x / (x + y);
  }

  /** Poisson(mean): multiplication method when small, PTRS (Hörmann 1993) when large. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let prod = this.next();
      while (prod > limit) {
        k++;
        prod *= this.next();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) {
        return k;
      }
    }
  }
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** O(1) sampling from fixed discrete weights (Vose's alias method). */
export class AliasTable {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
        throw new Error(`AliasTable: weight ${i} must be a finite number >= 0, got ${weights[i]}`);
      }
      total += weights[i];
    }
    if (n === 0 || total <= 0) throw new Error(`AliasTable: needs a positive total weight, got ${total}`);
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  sample(rng: Rng): number {
    const u = rng.next() * this.size;
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }
}

/** mulberry32: small, fast, good enough for sampling and shuffles; floats in [0, 1). The same stream as `new Rng(seed)`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/** mulberry32 on a stream apart from the models' (same seed, other purpose): metrics' shuffles, folds, hold-outs. */
export function createRng(seed: number): () => number {
  // The golden-ratio offset keeps this stream apart from the models'.
  return mulberry32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
}

/** Standard normal via Box-Muller on mulberry32(seed) (both uniforms per draw; the sine half is dropped). */
export function seededNormal(seed: number): () => number {
  const u = mulberry32(seed);
  return () => {
    const a = Math.max(u(), 1e-12);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

/** In-place Fisher-Yates shuffle of a[start, end). */
export function shuffleInPlace(
  a: { [i: number]: number; length: number },
  rng: () => number,
  start = 0,
  end = a.length,
): void {
  for (let i = end - 1; i > start; i--) {
    const j = start + Math.floor(rng() * (i - start + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: () => number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInPlace(out, rng);
  return out;
}

/** m distinct indices from [0, n), in random order (partial Fisher-Yates). All of them when m >= n. */
export function sampleIndices(n: number, m: number, rng: () => number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const take = Math.min(m, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return take === n ? idx : idx.slice(0, take);
}
