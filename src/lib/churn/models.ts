// Saved churn models: what the list shows of one.
import type { SavedChurnModel } from '../models/churn';
import { MODEL_NAMES } from '../models/churn/kinds';
import type { SavedChurnModelInfo } from './types';

/** The list entry of a model saved under `name` (a blank name gets "model · target · date"). */
export function modelInfo(id: string, name: string, saved: SavedChurnModel, customers: number, createdAt = new Date().toISOString()): SavedChurnModelInfo {
  const modelName = MODEL_NAMES[saved.model.kind];
  return {
    id,
    name: name.trim() || `${modelName} · ${saved.target.column} · ${saved.createdAt.slice(0, 10)}`,
    createdAt,
    model: saved.model.kind,
    modelName,
    aucMean: saved.metrics.aucMean,
    aucStd: saved.metrics.aucStd,
    target: saved.target.column,
    columns: saved.pipeline.steps.map((s) => s.column),
    customers,
  };
}

/** Newest first. */
export function sortModels(models: SavedChurnModelInfo[]): SavedChurnModelInfo[] {
  return [...models].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/**
 * Datasets a saved model can score (they have every column of its pipeline) first, then the others with
 * why not ("lacks 12 of the model's columns: tenure, Contract, ..."); each group in the given order.
 * Types are not checked here: scoring still says when a column has an incompatible type.
 */
export function scorableDatasets<D extends { columns: readonly { name: string }[] }>(model: Pick<SavedChurnModelInfo, 'columns'> | null, datasets: readonly D[]): { dataset: D; reason: string | null }[] {
  const rows = datasets.map((dataset) => {
    const has = new Set(dataset.columns.map((c) => c.name));
    const missing = model ? model.columns.filter((c) => !has.has(c)) : [];
    const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ', ...' : '');
    return { dataset, reason: missing.length ? `lacks ${missing.length} of the model's ${model!.columns.length} columns: ${shown}` : null };
  });
  return [...rows.filter((r) => !r.reason), ...rows.filter((r) => r.reason)];
}
