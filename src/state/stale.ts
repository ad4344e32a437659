// Results remember which version of each dataset they were computed from. When a column's type or a
// role changes since (the dataset's version moves on), the page says so and what changed.
import type { DatasetMeta } from '../storage/db';

export interface DataStamp {
  datasetId: string;
  name: string;
  version: number;
  types: Record<string, string>;
  roles: Partial<Record<string, string>>;
}

type Meta = Pick<DatasetMeta, 'id' | 'name' | 'version' | 'columns' | 'roles'>;

/** What the result is computed from: the datasets with these ids (missing or empty ids are skipped). */
export function stampData(datasets: readonly Meta[], ids: readonly (string | null | undefined)[]): DataStamp[] {
  const out: DataStamp[] = [];
  for (const id of new Set(ids)) {
    const d = id ? datasets.find((x) => x.id === id) : undefined;
    if (!d) continue;
    out.push({ datasetId: d.id, name: d.name, version: d.version ?? 1, types: Object.fromEntries(d.columns.map((c) => [c.name, c.type])), roles: { ...d.roles } });
  }
  return out;
}

/** "Out of date: column "area" of "Customers" changed type (integer → category) since this result; run again", or null. */
export function staleNotice(datasets: readonly Meta[], stamps: readonly DataStamp[] | null | undefined): string | null {
  // Every dataset that changed is named (an action list comes from two or three).
  const what: string[] = [];
  for (const s of stamps ?? []) {
    const d = datasets.find((x) => x.id === s.datasetId);
    if (!d) {
      what.push(`the dataset “${s.name}” was deleted`);
      continue;
    }
    if ((d.version ?? 1) === s.version) continue;
    const changes: string[] = [];
    for (const c of d.columns) {
      const was = s.types[c.name];
      if (was && was !== c.type) changes.push(`column “${c.name}” changed type (${was} → ${c.type})`);
    }
    for (const role of new Set([...Object.keys(s.roles), ...Object.keys(d.roles)])) {
      const was = s.roles[role];
      const now = (d.roles as Record<string, string | undefined>)[role];
      if (was === now) continue;
      changes.push(now ? `the ${role} role ${was ? `moved from “${was}” to` : 'was given to'} “${now}”` : `the ${role} role was taken from “${was}”`);
    }
    what.push(changes.length ? `in “${d.name}”, ${changes.join('; ')}` : `“${d.name}” changed`);
  }
  if (what.length === 0) return null;
  // A deletion alone keeps its own sentence: "Out of date: the dataset “x” was deleted since this result."
  if (what.length === 1 && what[0].startsWith('the dataset “')) return `Out of date: ${what[0]} since this result.`;
  return `Out of date: ${what.join('; and ')} since this result; run again.`;
}

/**
 * Stamps for a result read back from the store: the datasets as they are now, except those the store says
 * changed since it was computed (`stale`, their names, from `changedSince`), which are stamped as of an
 * earlier version so that staleNotice says they changed.
 */
export function storedStamps(datasets: readonly Meta[], ids: readonly (string | null | undefined)[], stale: readonly string[]): DataStamp[] {
  return stampData(datasets, ids).map((s) => (stale.includes(s.name) ? { ...s, version: s.version - 1 } : s));
}
