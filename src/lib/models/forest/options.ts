// Options of the random forest, their defaults and validation.

export interface ForestOptions {
  /** Trees in the forest. Default 300. */
  nEstimators: number;
  /** Features drawn at each split; 0 = floor(sqrt(features)) (Breiman's and sklearn's default). */
  mtry: number;
  /**
   * Minimum bootstrap rows in a leaf. Default 20: leaves of one row (sklearn's default) give trees
   * that are right about their own rows only, and the averaged probabilities rank new customers
   * worse. Same folds as the CLI, 150 trees, mean AUC at leaf sizes 1 / 3 / 8 / 20 / 32: telco
   * 0.8192 / 0.8320 / 0.8401 / 0.8448 / 0.8456, seeded bank file 0.8225 / 0.8296 / 0.8349 / 0.8388 /
   * 0.8388; the seeded telecom files (3,333 rows) peak around 12-20 (English 0.8293 at 1, 0.8313 at
   * 20; French 0.8606 at 12, 0.8605 at 20, 0.8550 at 32). Larger leaves also mean fewer nodes: faster.
   */
  minSamplesLeaf: number;
  /** Maximum depth; 0 = no limit (trees grow until leaves are pure or too small). */
  maxDepth: number;
  /** Value bins per feature (quantile-like, as the GBDT), plus one bin for missing. 2..255. */
  maxBins: number;
  /** Draw a bootstrap sample for each tree (false: every tree sees every row; no out-of-bag AUC). */
  bootstrap: boolean;
  /** Seed for bootstrap samples and feature draws. */
  seed: number;
}

export const DEFAULT_FOREST_OPTIONS: Readonly<ForestOptions> = {
  nEstimators: 300,
  mtry: 0,
  minSamplesLeaf: 20,
  maxDepth: 0,
  maxBins: 255,
  bootstrap: true,
  seed: 0,
};

export function resolveForestOptions(o: Partial<ForestOptions> = {}): ForestOptions {
  const r: ForestOptions = { ...DEFAULT_FOREST_OPTIONS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
  const whole = (name: keyof ForestOptions, min: number, max = Infinity): void => {
    const v = r[name] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`forest option ${name} must be a whole number in [${min}, ${max}], got ${v}`);
  };
  whole('nEstimators', 1);
  whole('mtry', 0);
  whole('minSamplesLeaf', 1);
  whole('maxDepth', 0);
  whole('maxBins', 2, 255);
  if (!Number.isFinite(r.seed)) throw new Error(`forest option seed must be a number, got ${r.seed}`);
  return r;
}
