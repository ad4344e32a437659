// The 11 named RFM segments on the widely used R-score x FM-score grid (FM = the average of the
// F and M scores, rounded half up). Published versions of this grid overlap at their edges; this
// one gives every cell exactly one name:
//
//   FM \ R |  1                2               3                4                    5
//   5      |  Can't lose them  At risk         Loyal            Champions            Champions
//   4      |  Can't lose them  At risk         Loyal            Champions            Champions
//   3      |  At risk          At risk         Need attention   Loyal                Loyal
//   2      |  Hibernating      Hibernating     About to sleep   Potential loyalist   Potential loyalist
//   1      |  Lost             Hibernating     About to sleep   Promising            New

export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential loyalist',
  'New',
  'Promising',
  'Need attention',
  'About to sleep',
  'At risk',
  "Can't lose them",
  'Hibernating',
  'Lost',
] as const;

export type RfmSegmentName = (typeof RFM_SEGMENTS)[number];

const S = (name: RfmSegmentName): number => RFM_SEGMENTS.indexOf(name);

// GRID[fm - 1][r - 1]
const GRID: number[][] = [
  [S('Lost'), S('Hibernating'), S('About to sleep'), S('Promising'), S('New')],
  [S('Hibernating'), S('Hibernating'), S('About to sleep'), S('Potential loyalist'), S('Potential loyalist')],
  [S('At risk'), S('At risk'), S('Need attention'), S('Loyal'), S('Loyal')],
  [S("Can't lose them"), S('At risk'), S('Loyal'), S('Champions'), S('Champions')],
  [S("Can't lose them"), S('At risk'), S('Loyal'), S('Champions'), S('Champions')],
];

export function fmScore(f: number, m: number): number {
  return Math.floor((f + m) / 2 + 0.5);
}

/** Index into RFM_SEGMENTS for an R score and an FM score, both 1..5. */
export function segmentIndex(r: number, fm: number): number {
  if (!(r >= 1 && r <= 5 && fm >= 1 && fm <= 5)) throw new Error(`RFM scores must be 1..5, got R = ${r}, FM = ${fm}`);
  return GRID[fm - 1][r - 1];
}

export interface SegmentSummary {
  name: RfmSegmentName;
  customers: number;
  share: number;
  revenue: number;
  /** Share of the total net revenue (NaN when the total is not positive). */
  revenueShare: number;
}

export function summarizeSegments(segment: Uint8Array, monetary: Float64Array): SegmentSummary[] {
  const counts = new Float64Array(RFM_SEGMENTS.length);
  const revenue = new Float64Array(RFM_SEGMENTS.length);
  let total = 0;
  for (let i = 0; i < segment.length; i++) {
    counts[segment[i]]++;
    revenue[segment[i]] += monetary[i];
    total += monetary[i];
  }
  const n = segment.length;
  return RFM_SEGMENTS.map((name, s) => ({
    name,
    customers: counts[s],
    share: n > 0 ? counts[s] / n : 0,
    revenue: revenue[s],
    revenueShare: total > 0 ? revenue[s] / total : NaN,
  }));
}
