// Satisfaction in the compute worker: the survey's columns (and the linked customers' key, segment and
// label columns) in, one src/lib/satisfaction call, the run stored (kind 'satisfaction'), the view out.
import type { SatisfactionApi, SatisfactionLast, SatisfactionRunRequest, SatisfactionView } from '../../src/contract';
import { confirmedJoin, noLinkMessage } from '../../src/lib/data/links';
import { runSatisfaction, type LinkedTable } from '../../src/lib/satisfaction';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { getLinks } from '../../src/storage/links';
import { changedSince, loadResult, saveResult } from '../../src/storage/results';

const defined = (names: (string | undefined)[]): string[] => [...new Set(names.filter((n): n is string => !!n))];

export const satisfactionApi: SatisfactionApi = {
  async satisfaction(request: SatisfactionRunRequest): Promise<SatisfactionView> {
    const meta = await getDataset(request.datasetId);
    const own = new Set(meta.columns.map((c) => c.name));
    const mine = (n: string | undefined) => (n && own.has(n) ? n : undefined);
    const table = await loadTable(request.datasetId, defined([request.score, request.date, request.customer, request.linked?.surveyKey, mine(request.by), mine(request.label)]));
    let linked: LinkedTable | null = null;
    if (request.linked) {
      const other = await getDataset(request.linked.datasetId);
      // Joins only through a link the user (or the demo) confirmed, never one guessed from names.
      const join = confirmedJoin((await getLinks()) ?? [], request.datasetId, other.id, request.linked.surveyKey);
      if (!join || join.b !== request.linked.key) throw new Error(noLinkMessage(meta.name, other.name));
      const theirs = (n: string | undefined) => (n && !own.has(n) ? n : undefined);
      const t = await loadTable(other.id, defined([request.linked.key, theirs(request.by), theirs(request.label)]));
      linked = { name: other.name, table: t, key: request.linked.key, surveyKey: request.linked.surveyKey };
    }
    const result = runSatisfaction(table, request, linked);
    const view: SatisfactionView = { result, datasetName: meta.name, linkedName: linked?.name ?? null };
    const datasets = defined([request.datasetId, request.linked?.datasetId]);
    await saveResult('satisfaction', view, { datasets, settings: request });
    return view;
  },

  async satisfactionLast(): Promise<SatisfactionLast | null> {
    const record = await loadResult('satisfaction');
    if (!record) return null;
    return { view: record.value, settings: record.settings as SatisfactionRunRequest, stale: await changedSince(record) };
  },
};
