// One customer's SHAP waterfall from the last churn scores (issue #18): its stored SHAP values when it is an
// explained customer, else computed here; either way its values in words need the scored table, reloaded
// (a training run's table re-prepared from the stored request, a derived label's included) and kept.
import type { ChurnApi, ChurnRequest, ChurnScoreRequest } from '../../src/contract';
import { prepareChurn, scoringColumns, sourceColumns, sourceKey } from '../../src/lib/churn';
import { scoresWaterfall } from '../../src/lib/churn/explain';
import type { Table } from '../../src/lib/data/table';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { loadResult } from '../../src/storage/results';

let kept: { key: string; table: Table } | null = null;

export const churnShapApi: Pick<ChurnApi, 'churnWaterfall'> = {
  async churnWaterfall(customer: string) {
    const record = await loadResult('churn');
    if (!record) throw new Error('No churn scores yet: train a churn model or score a dataset first');
    const { model: saved, scores } = record.value;
    const row = scores.customers.indexOf(customer);
    if (row < 0) throw new Error(`No customer "${customer}" in the last churn scores`);
    const settings = record.settings as ChurnRequest | ChurnScoreRequest | null;
    const datasetId = settings && 'source' in settings ? settings.source.datasetId : scores.datasetId;
    const meta = await getDataset(datasetId);
    const key = `${record.createdAt}:${settings && 'source' in settings ? sourceKey(settings.source, meta.version ?? 1) : `${datasetId}@${meta.version ?? 1}`}`;
    if (kept?.key !== key) {
      let table: Table;
      if (settings && 'source' in settings) table = prepareChurn(settings.source, await loadTable(datasetId, sourceColumns(settings.source)), meta).table;
      else table = await loadTable(datasetId, scoringColumns(saved, meta.columns.map((c) => c.name), null));
      kept = { key, table };
    }
    if (kept.table.rows !== scores.customers.length) throw new Error('The data changed since these scores: train or score again to see this customer');
    return scoresWaterfall(saved, kept.table, scores, row);
  },
};
