// The per-customer predicted uplift of the last Uplift run, for the action list (rank by uplift x CLV).
// Read from the stored 'uplift' result; null when no run exists.
import type { UpliftScores } from '../contract/uplift';
import { loadResult } from './results';

export async function loadUpliftScores(): Promise<UpliftScores | null> {
  const record = await loadResult('uplift');
  return record ? record.value.scores : null;
}
