// Special functions the probability models need. Plain doubles; each is accurate to ~1e-13
// relative over the ranges the models use (positive shape parameters, 0 <= z < 1).

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log |Gamma(x)|, Lanczos approximation (reflection below 0.5). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the series in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Digamma psi(x) = d/dx log Gamma(x), for x > 0: recurrence up to 6, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12))))));
  return r + Math.log(x) - 0.5 / x - series;
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** log(exp(a) + exp(b)) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Logistic function 1 / (1 + exp(-x)), stable for large |x|. */
export function expit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const MAX_SERIES_TERMS = 1_000_000;

/** Raw Gauss series of 2F1(a, b; c; z) as log|sum| and its sign, rescaling so big terms cannot overflow. */
function hyp2f1Series(a: number, b: number, c: number, z: number): { log: number; sign: number } {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    term *= ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum) && n > 2) break;
    if (term === 0) break;
    if (Math.abs(sum) > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      logScale += 250 * Math.LN10;
    }
  }
  return { log: Math.log(Math.abs(sum)) + logScale, sign: Math.sign(sum) };
}

/**
 * log 2F1(a, b; c; z) for 0 <= z < 1 and c > 0 (the hypergeometric function must be positive there,
 * which holds for every use in BG/NBD). When a or b exceeds c (frequent buyers: a = r + x, b = b + x)
 * the plain series has enormous terms, so Euler's transformation
 * 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z) is used instead, whose parameters stay small.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new Error(`logHyp2f1: z must be in [0, 1), got ${z}`);
  if (z === 0) return 0;
  const direct = Math.max(Math.abs(a), Math.abs(b));
  const euler = Math.max(Math.abs(c - a), Math.abs(c - b));
  if (euler < direct) {
    const s = hyp2f1Series(c - a, c - b, c, z);
    if (s.sign > 0) return s.log + (c - a - b) * Math.log1p(-z);
  }
  const s = hyp2f1Series(a, b, c, z);
  if (s.sign <= 0) throw new Error(`logHyp2f1: non-positive value for a=${a}, b=${b}, c=${c}, z=${z}`);
  return s.log;
}

/** Regularised lower incomplete gamma P(s, x) (Numerical Recipes: series below s + 1, continued fraction above). */
export function regularizedGammaP(s: number, x: number): number {
  if (!(s > 0)) throw new Error(`regularizedGammaP: s must be > 0, got ${s}`);
  if (x <= 0) return 0;
  if (x < s + 1) return gammaSeries(s, x);
  return 1 - gammaContinuedFraction(s, x);
}

/** Regularised upper incomplete gamma Q(s, x) = 1 - P(s, x), computed directly so tiny tails keep precision. */
export function regularizedGammaQ(s: number, x: number): number {
  if (!(s > 0)) throw new Error(`regularizedGammaQ: s must be > 0, got ${s}`);
  if (x <= 0) return 1;
  if (x < s + 1) return 1 - gammaSeries(s, x);
  return gammaContinuedFraction(s, x);
}

function gammaSeries(s: number, x: number): number {
  let ap = s;
  let del = 1 / s;
  let sum = del;
  for (let n = 0; n < 10_000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
  }
  return sum * Math.exp(-x + s * Math.log(x) - logGamma(s));
}

function gammaContinuedFraction(s: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + s * Math.log(x) - logGamma(s)) * h;
}

/** Upper tail of the chi-square distribution with k degrees of freedom: P(X >= x). */
export function chiSquareSurvival(x: number, k: number): number {
  if (!(k > 0)) throw new Error(`chiSquareSurvival: degrees of freedom must be > 0, got ${k}`);
  return regularizedGammaQ(k / 2, x / 2);
}
