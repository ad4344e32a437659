// One customer's SHAP waterfall from the last churn scores (issue #18): its stored SHAP values when it is an
// explained customer, else computed here; either way its values in words need the scored table. Both come from
// what the churn module keeps: the last scores (read from the store only by a fresh worker) and, for a training
// run, the table it prepared (a derived label's included). Reading the stored scores and preparing the table again
// at each request took 20 s at a million customers on ten million transactions, and the Churn page asks for its
// riskiest customer's waterfall as soon as a run ends: every request to the worker (the scores table's next page)
// waited behind it.
import type { ChurnApi, ChurnRequest } from '../../src/contract';
import { scoringColumns } from '../../src/lib/churn';
import { scoresWaterfall } from '../../src/lib/churn/explain';
import type { Table } from '../../src/lib/data/table';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { current, preparedTable } from './churn';

/** A saved model's scoring table, kept for the scores it was read for. */
let kept: { of: object; key: string; table: Table } | null = null;

export const churnShapApi: Pick<ChurnApi, 'churnWaterfall'> = {
  async churnWaterfall(customer: string) {
    const { outcome, settings } = await current();
    const { model: saved, scores } = outcome;
    const row = scores.customers.indexOf(customer);
    if (row < 0) throw new Error(`No customer "${customer}" in the last churn scores`);
    let table: Table;
    if (settings && 'source' in settings) table = await preparedTable((settings as ChurnRequest).source);
    else {
      const meta = await getDataset(scores.datasetId);
      const key = `${scores.datasetId}@${meta.version ?? 1}`;
      if (kept?.of !== outcome || kept.key !== key) kept = { of: outcome, key, table: await loadTable(scores.datasetId, scoringColumns(saved, meta.columns.map((c) => c.name), null)) };
      table = kept.table;
    }
    if (table.rows !== scores.customers.length) throw new Error('The data changed since these scores: train or score again to see this customer');
    return scoresWaterfall(saved, table, scores, row);
  },
};
