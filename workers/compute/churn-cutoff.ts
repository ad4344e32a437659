// The leakage audit's cutoff for a labelled customer file: the latest date of the transactions linked
// to it (a confirmed link to a dataset with a date role), read from the stored profile when there is
// one, so a 10M-row file is not loaded for it. Without such a link prepareChurn's "today" stays.
import type { ChurnSource } from '../../src/contract';
import type { PreparedChurn } from '../../src/lib/churn';
import type { LeakageCutoff } from '../../src/lib/features/churn/leakage';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { getLinks } from '../../src/storage/links';

async function latestDate(datasetId: string, column: string, profiled: number | undefined): Promise<number> {
  if (profiled !== undefined && Number.isFinite(profiled)) return profiled;
  const c = (await loadTable(datasetId, [column])).columns[0];
  let latest = -Infinity;
  if (c.type === 'date') for (const v of c.values) if (v > latest) latest = v;
  return latest;
}

export async function linkedCutoff(datasetId: string): Promise<LeakageCutoff | null> {
  const links = ((await getLinks()) ?? []).filter((l) => l.status === 'confirmed' && (l.from.datasetId === datasetId || l.to.datasetId === datasetId));
  let best: LeakageCutoff | null = null;
  for (const l of links) {
    const other = l.from.datasetId === datasetId ? l.to.datasetId : l.from.datasetId;
    try {
      const meta = await getDataset(other);
      const date = meta.roles.date;
      if (!date || meta.columns.find((c) => c.name === date)?.type !== 'date') continue;
      const at = await latestDate(other, date, meta.profile?.columns.find((c) => c.name === date)?.max);
      if (Number.isFinite(at) && (!best || at > best.at)) best = { at, what: `the latest date of the linked “${meta.name}”` };
    } catch {
      // A linked dataset deleted meanwhile: no cutoff from it.
    }
  }
  return best;
}

/** A labelled file's prepared table with the linked transactions' cutoff when there is one. */
export async function withAuditCutoff(p: PreparedChurn, source: ChurnSource): Promise<PreparedChurn> {
  if (source.kind !== 'label') return p;
  const linked = await linkedCutoff(source.datasetId);
  return linked ? { ...p, cutoff: linked } : p;
}
