// The Uplift page's stored per-customer scores (the profit's uplift basis) and the Cox regression's remaining lifetimes, as the action list reads them.
import type { ActionsAvailable, ActionsRequest } from '../../src/contract';
import { learnerName, upliftInputOf, type UpliftInput } from '../../src/lib/actions/profit';
import type { BuildInputs } from '../../src/lib/actions/build';
import { loadUpliftScores } from '../../src/storage/uplift-scores';
import { loadResult } from '../../src/storage/results';

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

/** The stored Cox regression's expected remaining lifetime per customer (only when it ran with a customer id column). */
export async function coxRemaining(): Promise<BuildInputs['remaining']> {
  const r = await loadResult('cox');
  if (!r || !(r.settings as { id?: string }).id) return null;
  return { customers: r.value.run.perCustomer.id, remaining: r.value.run.perCustomer.remaining, source: r.value.view.datasetName };
}
