// The model card and the fitted pipeline of a saved churn model as readable JSON: what the model is,
// how well it did, and each column's transform in words and numbers, so someone outside the app can
// check or re-implement the scoring (the SQL export is one such re-implementation).
import type { ColumnStep } from '../../features/churn/pipeline';
import { OTHER_LEVEL } from '../../features/churn/pipeline';
import type { SavedChurnModel } from '../../models/churn/saved';
import { MODEL_NAMES } from '../../models/churn/kinds';

export const PIPELINE_JSON_FORMAT = 'retention-lab/churn-model-card';

function describe(s: ColumnStep): string {
  const fill = (what: string, indicator: boolean): string => `missing values take ${what}${indicator ? ' and a 0/1 "is missing" feature is added' : ''}`;
  if (s.kind === 'categorical') {
    const other = s.other ? `; rare and unseen values count as "${OTHER_LEVEL}"` : '; unseen values set no level';
    return `one-hot over ${s.levels.length} levels${other}`;
  }
  if (s.kind === 'boolean') return `yes/no as 1/0; ${fill(`the training majority ${s.fill}`, s.indicator)}`;
  const age = s.kind === 'date' ? `age in days at ${new Date(s.referenceDate).toISOString().slice(0, 10)}, then ` : '';
  return `${age}standardised: (x - mean) / std, rounded to single precision; ${fill(`the training median ${s.median}`, s.indicator)}`;
}

/** Typed arrays (a model fresh from training may hold some) as plain lists; non-finite numbers as strings. */
function plain(_key: string, v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

/** The saved model's card, pipeline, model and calibrator as indented JSON. */
export function pipelineJson(saved: SavedChurnModel): string {
  const p = saved.pipeline;
  const features = p.features.map((name, j) => ({ name, label: p.labels[j], column: p.steps[p.groups[j]].column }));
  const doc = {
    format: PIPELINE_JSON_FORMAT,
    card: {
      model: MODEL_NAMES[saved.model.kind] ?? saved.model.kind,
      kind: saved.model.kind,
      trained: saved.createdAt,
      target: saved.target,
      baseRate: saved.baseRate,
      crossValidated: saved.metrics,
      riskBands: { high: `probability >= ${saved.bands.high}`, medium: `probability >= ${saved.bands.medium}`, low: 'below medium' },
      calibration: saved.calibrator?.method ?? 'none',
      columnsUsed: p.steps.map((s) => s.column),
      columnsNotUsed: p.excluded,
      ...(saved.reasonColumns ? { reasonColumns: saved.reasonColumns } : {}),
    },
    pipeline: {
      target: p.target,
      steps: p.steps.map((s) => ({ ...s, ...(s.kind === 'date' ? { referenceDay: new Date(s.referenceDate).toISOString().slice(0, 10) } : {}), transform: describe(s) })),
      features,
    },
    model: saved.model,
    calibrator: saved.calibrator ?? { method: 'none' },
  };
  return JSON.stringify(doc, plain, 2);
}
