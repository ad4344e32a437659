// Exporting a churn model (issue #18): its scoring SQL or its model card and pipeline as JSON, written in
// the compute worker (a big forest's SQL is long) from the stored model and downloaded by the page.
import type { ModelExportFile, ModelExportFormat } from '../lib/churn/model-export';
import type { SqlDialect } from '../lib/churn/sql';
export type { ModelExportFile, ModelExportFormat } from '../lib/churn/model-export';
export type { SqlDialect } from '../lib/churn/sql';

export interface ChurnExportRequest {
  /** A saved model's id, or null for the model of the last training run. */
  modelId: string | null;
  format: ModelExportFormat;
  /** With format 'sql' (default duckdb). */
  dialect?: SqlDialect;
}

export interface ChurnExportApi {
  /** The file to download; an Error says why a model cannot be exported (none trained, derived features). */
  churnExportModel(request: ChurnExportRequest): Promise<ModelExportFile>;
}
