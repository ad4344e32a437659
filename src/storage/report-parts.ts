// The report's sections from other pages' stored results (Uplift, Subscriptions, ...): each null when that page
// has no run. The actions worker spreads this into the report options, so a new section needs no worker edit.
import { sbgReportPart } from '../lib/sbg/report';
import { coxReportPart } from '../lib/survival/cox-report';
import { clvModelsReportPart } from '../lib/clv/report';
import { loadResult } from './results';
import { loadUpliftReport } from './uplift-scores';

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
