// The Uplift page's stored per-customer scores as the action list reads them (the profit's uplift basis).
import type { ActionsAvailable, ActionsRequest } from '../../src/contract';
import { learnerName, upliftInputOf, type UpliftInput } from '../../src/lib/actions/profit';
import { loadUpliftScores } from '../../src/storage/uplift-scores';

/** What the page says about the stored scores (null when the Uplift page has not run). */
export async function availableUplift(): Promise<ActionsAvailable['uplift']> {
  const s = await loadUpliftScores();
  return s ? { model: learnerName(s.model), customers: s.customers.length, createdAt: s.createdAt } : null;
}

/** The scores a request's uplift basis needs (undefined for the save-rate basis; null when there are none). */
export async function upliftFor(request: ActionsRequest): Promise<(UpliftInput & { source: string }) | null | undefined> {
  if (request.profit?.basis !== 'uplift') return undefined;
  const s = await loadUpliftScores();
  return s ? upliftInputOf(s) : null;
}
