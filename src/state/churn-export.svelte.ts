// "Export model as SQL" and "Export model card and pipeline (JSON)" on the Churn page: which model (a
// saved one, or the last training run's), which SQL dialect, and the call's state. The worker writes the
// file from the stored model; the page only downloads it.
import type { ComputeApi, ModelExportFile, ModelExportFormat, SqlDialect } from '../contract';
import type { WorkerBridge } from './bridge';
import { message } from './workspace.svelte';

/** The model choice that means "the last training run's model". */
export const CURRENT_MODEL = '';

export class ModelExportState {
  /** A saved model's id, or CURRENT_MODEL. */
  modelId = $state(CURRENT_MODEL);
  dialect = $state<SqlDialect>('duckdb');
  busy = $state<ModelExportFormat | null>(null);
  error = $state<string | null>(null);
  #bridge: WorkerBridge<ComputeApi>;

  constructor(bridge: WorkerBridge<ComputeApi>) {
    this.#bridge = bridge;
  }

  /** The file to download, or null with `error` set. */
  async export(format: ModelExportFormat): Promise<ModelExportFile | null> {
    this.busy = format;
    this.error = null;
    const request = { modelId: this.modelId || null, format, dialect: this.dialect };
    try {
      return await this.#bridge.run((api) => api.churnExportModel(request));
    } catch (e) {
      this.error = message(e);
      return null;
    } finally {
      this.busy = null;
    }
  }
}
