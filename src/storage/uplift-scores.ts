// The per-customer predicted uplift of the last Uplift run, for the action list (rank by uplift x CLV).
// Read from the stored 'uplift' result; null when no run exists. Also the report's part of that run.
import type { UpliftScores } from '../contract/uplift';
import { upliftReportPart, type UpliftReportPart } from '../lib/uplift/report';
import { loadResult } from './results';

export async function loadUpliftScores(): Promise<UpliftScores | null> {
  const record = await loadResult('uplift');
  return record ? record.value.scores : null;
}

/** The report's Uplift section data of the last run, or null. */
export async function loadUpliftReport(): Promise<UpliftReportPart | null> {
  const record = await loadResult('uplift');
  return record ? upliftReportPart(record.value.view.result, record.value.view.datasetName, record.createdAt) : null;
}
