// Options of the churn feature pipeline, with their defaults and checks.

export interface PipelineOptions {
  /** Use only these columns (the target is always left out of the features). */
  include?: string[];
  /** Never use these columns. */
  exclude?: string[];
  /** A category level seen in less than this share of training rows is grouped into "Other". */
  rareShare: number;
  /** ... or in fewer than this many training rows. */
  rareCount: number;
  /** Dates become their age in days to this instant (epoch ms); default: the latest date in training. */
  referenceDate?: number;
  /** A text/category column with at least this share of distinct values is treated as an ID. */
  idDistinctShare: number;
}

export const defaultPipelineOptions: PipelineOptions = {
  rareShare: 0.01,
  rareCount: 10,
  idDistinctShare: 0.9,
};

export function resolvePipelineOptions(opts: Partial<PipelineOptions> = {}): PipelineOptions {
  const o = { ...defaultPipelineOptions, ...opts };
  if (!(o.rareShare >= 0 && o.rareShare < 1)) throw new Error(`rareShare must be in [0, 1), got ${o.rareShare}`);
  if (!(Number.isInteger(o.rareCount) && o.rareCount >= 0)) throw new Error(`rareCount must be a whole number >= 0, got ${o.rareCount}`);
  if (!(o.idDistinctShare > 0 && o.idDistinctShare <= 1)) throw new Error(`idDistinctShare must be in (0, 1], got ${o.idDistinctShare}`);
  if (o.referenceDate !== undefined && !Number.isFinite(o.referenceDate)) throw new Error(`referenceDate must be epoch milliseconds, got ${o.referenceDate}`);
  return o;
}
