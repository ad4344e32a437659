// The satisfaction capability cases in Node, on src/lib/satisfaction directly (the browser runs them through the worker).
import { describe, it } from 'vitest';
import { confirmedJoin, noLinkMessage, type DatasetLink } from '../../src/lib/data/links';
import { parseTable } from '../../src/lib/data/parse-table';
import type { Table } from '../../src/lib/data/table';
import { runSatisfaction } from '../../src/lib/satisfaction';
import { satisfactionCases, type SatisfactionDriver } from '../capabilities/satisfaction';

function nodeDriver(): SatisfactionDriver {
  const tables = new Map<string, { name: string; table: Table }>();
  const links: DatasetLink[] = [];
  return {
    async dataset({ text, name }) {
      const id = `d${tables.size + 1}`;
      tables.set(id, { name, table: parseTable(new TextEncoder().encode(text)).table });
      return id;
    },
    async confirmLink(a, b) {
      links.push({ id: `l${links.length}`, from: a, to: b, status: 'confirmed', origin: 'user' } as DatasetLink);
    },
    async run(request) {
      const survey = tables.get(request.datasetId)!;
      const l = request.linked;
      let linked = null;
      if (l) {
        const other = tables.get(l.datasetId)!;
        const join = confirmedJoin(links, request.datasetId, l.datasetId, l.surveyKey);
        if (!join || join.b !== l.key) throw new Error(noLinkMessage(survey.name, other.name));
        linked = { name: other.name, table: other.table, key: l.key, surveyKey: l.surveyKey };
      }
      return { result: runSatisfaction(survey.table, request, linked), datasetName: survey.name, linkedName: linked?.name ?? null };
    },
  };
}

describe('satisfaction capability (Node)', () => {
  for (const c of satisfactionCases) it(c.name, () => c.run(nodeDriver()), 30_000);
});
