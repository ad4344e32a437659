// The Churn page's SHAP values carried into the action list (one shap_<column> per source column in its CSV):
// joined by customer id, NaN for customers the scores did not explain (only the riskiest are).

/** SHAP of the explained customers as stored with the Churn page's scores (ChurnScoresShap, structurally). */
export interface ScoresShap {
  columns: string[];
  /** Explained customers x columns, row-major, in `rows` order. */
  values: ArrayLike<number>;
  /** Row of each explained customer in the scores' `customers`. */
  rows: ArrayLike<number>;
}

/** The list's SHAP columns: list customers x columns, NaN where a customer was not explained. */
export interface ListShap {
  columns: string[];
  values: Float32Array;
}

export function joinShap(listCustomers: readonly string[], scoreCustomers: readonly string[], shap: ScoresShap): ListShap | null {
  const c = shap.columns.length;
  if (!c || !shap.rows.length) return null;
  const at = new Map<string, number>();
  for (let k = 0; k < shap.rows.length; k++) at.set(scoreCustomers[shap.rows[k]], k);
  const values = new Float32Array(listCustomers.length * c).fill(NaN);
  let matched = 0;
  listCustomers.forEach((id, i) => {
    const k = at.get(id);
    if (k === undefined) return;
    matched++;
    for (let j = 0; j < c; j++) values[i * c + j] = shap.values[k * c + j];
  });
  return matched ? { columns: [...shap.columns], values } : null;
}

export const shapHeader = (shap: ListShap | undefined): string[] => shap?.columns.map((c) => `shap_${c}`) ?? [];

/** Customer i's SHAP cells for the CSV ('' where not explained). */
export function shapCells(shap: ListShap | undefined, i: number): (number | '')[] {
  if (!shap) return [];
  const c = shap.columns.length;
  return Array.from({ length: c }, (_, j) => {
    const v = shap.values[i * c + j];
    return Number.isNaN(v) ? '' : Number(v.toFixed(6));
  });
}
