// The report's sections from other pages' stored results (Uplift, Subscriptions, ...): each null when that page
// has no run. The actions worker spreads this into the report options, so a new section needs no worker edit.
import { sbgReportPart } from '../lib/sbg/report';
import { coxReportPart } from '../lib/survival/cox-report';
import { clvModelsReportPart } from '../lib/clv/report';
import { loadResult } from './results';
import { getDataset } from './datasets';
import { loadUpliftReport } from './uplift-scores';

/** The purchase model the Lifetime value page chose on this transactions dataset (its current version), if it ran there. */
export async function storedPurchaseModel(datasetId: string | undefined) {
  const clv = datasetId ? await loadResult('clv') : null;
  if (!clv || !datasetId || !clv.datasetIds.includes(datasetId)) return null;
  const meta = await getDataset(datasetId).catch(() => null);
  if (!meta || clv.versions[datasetId] !== meta.version) return null;
  const choice = clv.value.analysis.modelChoice;
  const how = choice ? (choice.rule === 'holdoutMae' ? 'lowest holdout error' : 'lowest BIC') : 'named there';
  return { model: clv.value.analysis.purchaseModel.model, source: `the Lifetime value page's choice, ${how}` };
}

export async function loadReportParts() {
  const sbg = await loadResult('sbg');
  const cox = await loadResult('cox');
  const clv = await loadResult('clv');
  return {
    uplift: await loadUpliftReport(),
    sbg: sbg ? sbgReportPart(sbg.value.run, sbg.value.datasetName, sbg.createdAt) : null,
    cox: cox ? coxReportPart(cox.value.view, cox.createdAt) : null,
    clvModels: clv ? clvModelsReportPart(clv.value, clv.createdAt) : null,
  };
}
