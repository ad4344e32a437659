// Export of a churn model (issue #18): the stored model (a saved one, or the last training run's) as its
// scoring SQL or its model card and pipeline (JSON), written here since a big forest's SQL is long.
import type { ChurnExportApi, ChurnExportRequest, ChurnRequest } from '../../src/contract';
import { defaultIdColumn, modelInfo } from '../../src/lib/churn';
import { modelExportFile, sqlExportProblem } from '../../src/lib/churn/model-export';
import { getDataset } from '../../src/storage/datasets';
import { loadResult } from '../../src/storage/results';

async function stored(modelId: string | null) {
  if (modelId) {
    const record = await loadResult('churn-model', modelId);
    if (!record) throw new Error("This saved model is no longer in this browser's storage");
    return { saved: record.value.saved, name: record.value.info.name, datasetId: record.value.scores.datasetId, idColumn: undefined };
  }
  const record = await loadResult('churn');
  if (!record?.value.run) throw new Error('Train a churn model first: the last churn result is not a training run (export a saved model below)');
  const { source } = record.settings as ChurnRequest;
  const saved = record.value.model;
  return { saved, name: modelInfo('', '', saved, 0).name, datasetId: source.datasetId, idColumn: source.kind === 'label' ? source.idColumn : undefined };
}

export const churnExportApi: ChurnExportApi = {
  async churnExportModel(request: ChurnExportRequest) {
    const m = await stored(request.modelId);
    if (request.format === 'json') return modelExportFile(m.saved, m.name, request);
    // The SQL reads the table the model was trained on, keyed by its customer column (or row numbers).
    const meta = await getDataset(m.datasetId);
    const columns = meta.columns.map((c) => c.name);
    const problem = sqlExportProblem(m.saved, columns);
    if (problem) throw new Error(problem);
    const key = m.idColumn ?? defaultIdColumn(meta);
    return modelExportFile(m.saved, m.name, { ...request, key: key && columns.includes(key) ? key : null });
  },
};
