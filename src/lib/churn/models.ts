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
