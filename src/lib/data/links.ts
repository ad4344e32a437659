// How datasets link: keys shared between datasets, found by value overlap (transactions.customer_id
// -> customers.customer_id), and the stored links the user confirms. Pure: the import worker feeds it
// each candidate column's distinct values; pages read confirmed links to join datasets.
import type { Column, ColumnType } from './table';

/** One side of a link: a column of a dataset. */
export interface LinkEnd {
  datasetId: string;
  column: string;
}

/** A column that may take part in a link, with its distinct values as text. */
export interface KeyColumn extends LinkEnd {
  /** The dataset's name: a column named after it ("customer" in "Customers") hints at a key. */
  dataset: string;
  type: ColumnType;
  values: ReadonlySet<string>;
  /** Rows with a value (a key has about as many distinct values as this). */
  filled: number;
}

/** How much of `from` is found in `to`. */
export interface LinkMeasure {
  fromDistinct: number;
  toDistinct: number;
  /** Distinct values of `from` that are also values of `to`. */
  matched: number;
  /** matched / fromDistinct. */
  coverage: number;
}

export interface LinkCandidate extends LinkMeasure {
  /** The referring column (many rows per value, e.g. transactions.customer_id). */
  from: LinkEnd;
  /** The key it refers to (one row per value, e.g. customers.customer_id). */
  to: LinkEnd;
  score: number;
}

export type LinkStatus = 'suggested' | 'confirmed' | 'rejected';

/** A stored link. 'rejected' keeps a removed suggestion from coming back at the next detection. */
export interface DatasetLink extends LinkMeasure {
  id: string;
  from: LinkEnd;
  to: LinkEnd;
  status: LinkStatus;
  /** Found by value overlap, or added by the user from two columns. */
  origin: 'detected' | 'user';
}

/** Dates, floats and booleans never join datasets; free text and dictionary ids, categories, integers may. */
export function linkableType(type: ColumnType): boolean {
  return type === 'id' || type === 'category' || type === 'integer';
}

/** Fewer distinct values than this (two-valued flags, a constant) never make a link. */
export const MIN_DISTINCT = 3;
/** Share of a column's distinct values that must be found in the key for a suggestion. */
export const MIN_COVERAGE = 0.5;
/** A key column: distinct values at least this share of its filled rows. */
export const KEY_UNIQUENESS = 0.99;

/** The distinct values of a stored column, for detection; null when its type cannot link. */
export function keyColumn(column: Column, datasetId: string, dataset: string): KeyColumn | null {
  if (!linkableType(column.type)) return null;
  const values = new Set<string>();
  let filled = 0;
  if ('codes' in column) {
    const seen = new Uint8Array(column.dictionary.length);
    for (const code of column.codes) {
      if (code < 0) continue;
      filled++;
      if (!seen[code]) {
        seen[code] = 1;
        values.add(column.dictionary[code]);
      }
    }
  } else {
    for (const v of column.values) {
      if (Number.isNaN(v)) continue;
      filled++;
      values.add(String(v));
    }
  }
  return { datasetId, dataset, column: column.name, type: column.type, values, filled };
}

export function measure(from: { values: ReadonlySet<string> }, to: { values: ReadonlySet<string> }): LinkMeasure {
  let matched = 0;
  for (const v of from.values) if (to.values.has(v)) matched++;
  const fromDistinct = from.values.size;
  return { fromDistinct, toDistinct: to.values.size, matched, coverage: fromDistinct ? matched / fromDistinct : 0 };
}

function isKey(c: KeyColumn): boolean {
  return c.filled > 0 && c.values.size >= KEY_UNIQUENESS * c.filled;
}

const INTEGER = /^-?\d+$/;

/** Every value an integer: 1..n in two files overlaps whatever the columns mean. */
function integerValued(c: KeyColumn): boolean {
  if (c.type === 'integer') return true;
  for (const v of c.values) if (!INTEGER.test(v)) return false;
  return true;
}

const normal = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/[^a-z0-9]/g, '');
const stem = (s: string) => normal(s).replace(/(id|key|code|no|nr|num|number|ref)$/, '');
const singular = (s: string) => s.replace(/(ies)$/, 'y').replace(/s$/, '');

/**
 * 1 when the two columns have the same name (CustomerID, customer_id), 0.5 when their stems agree or
 * the referring column is named after the key's dataset (cust_no -> "Customers"), else 0.
 */
export function nameAffinity(from: KeyColumn, to: KeyColumn): number {
  const a = normal(from.column);
  const b = normal(to.column);
  if (a && a === b) return 1;
  const sa = stem(from.column);
  const sb = stem(to.column);
  if (sa.length >= 3 && sb.length >= 3 && (sa.includes(sb) || sb.includes(sa))) return 0.5;
  const words = to.dataset.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3).map(singular);
  if (sa.length >= 3 && words.some((w) => w.startsWith(sa) || sa.startsWith(w))) return 0.5;
  return 0;
}

/**
 * Links worth suggesting among the columns of several datasets, best first. A link goes from a column
 * to a key of another dataset (near-unique values) that holds at least MIN_COVERAGE of its distinct
 * values. Integer-valued pairs also need related names (row numbers 1..n overlap by accident). Each
 * column refers to one key at most: the best scoring one.
 */
export function findLinks(columns: KeyColumn[]): LinkCandidate[] {
  const usable = columns.filter((c) => linkableType(c.type) && c.values.size >= MIN_DISTINCT);
  const best = new Map<string, LinkCandidate>();
  for (const from of usable) {
    for (const to of usable) {
      if (from.datasetId === to.datasetId || !isKey(to)) continue;
      const affinity = nameAffinity(from, to);
      if (affinity === 0 && integerValued(from) && integerValued(to)) continue;
      const m = measure(from, to);
      if (m.matched < MIN_DISTINCT || m.coverage < MIN_COVERAGE) continue;
      // Two keys of one-to-one tables: keep one direction, from the smaller (or the earlier listed).
      if (isKey(from)) {
        const back = m.matched / m.toDistinct;
        if (back > m.coverage || (back === m.coverage && (to.values.size < from.values.size || (to.values.size === from.values.size && columns.indexOf(to) < columns.indexOf(from))))) continue;
      }
      const candidate: LinkCandidate = { from: end(from), to: end(to), ...m, score: m.coverage + 0.2 * affinity + 0.1 * (m.matched / m.toDistinct) };
      const key = endKey(from);
      const held = best.get(key);
      if (!held || candidate.score > held.score) best.set(key, candidate);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

const end = (c: LinkEnd): LinkEnd => ({ datasetId: c.datasetId, column: c.column });
const endKey = (e: LinkEnd) => `${e.datasetId}\u0000${e.column}`;

/** The same two columns, whichever way round. */
export function pairKey(a: LinkEnd, b: LinkEnd): string {
  const [x, y] = [endKey(a), endKey(b)].sort();
  return `${x}\u0001${y}`;
}

/**
 * Stored links after a detection: the user's decisions stay (confirmed, rejected, added by hand; their
 * counts refreshed when detected again), new candidates come in as suggestions (or confirmed when
 * `confirm` says so), suggestions no longer found go, and so does any link to a dataset or column that
 * is not there any more.
 */
export function mergeLinks(
  stored: readonly DatasetLink[],
  detected: readonly LinkCandidate[],
  exists: (e: LinkEnd) => boolean,
  newId: () => string,
  confirm: (c: LinkCandidate) => boolean = () => false,
): DatasetLink[] {
  const found = new Map(detected.map((c) => [pairKey(c.from, c.to), c]));
  const out: DatasetLink[] = [];
  const seen = new Set<string>();
  for (const link of stored) {
    const key = pairKey(link.from, link.to);
    if (seen.has(key) || !exists(link.from) || !exists(link.to)) continue;
    const c = found.get(key);
    if (!c && link.status === 'suggested' && link.origin === 'detected') continue;
    seen.add(key);
    out.push(c && sameWay(c, link) ? { ...link, ...measureOf(c) } : link);
  }
  for (const c of detected) {
    const key = pairKey(c.from, c.to);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id: newId(), from: c.from, to: c.to, ...measureOf(c), status: confirm(c) ? 'confirmed' : 'suggested', origin: 'detected' });
  }
  return out;
}

const sameWay = (a: { from: LinkEnd }, b: { from: LinkEnd }) => endKey(a.from) === endKey(b.from);
const measureOf = (m: LinkMeasure): LinkMeasure => ({ fromDistinct: m.fromDistinct, toDistinct: m.toDistinct, matched: m.matched, coverage: m.coverage });

/**
 * The links after the user sets `link` (editing the link `replaces`, if given): a link stored before on the
 * same two columns gives way, and a detected link edited into another stays as rejected, so the next
 * detection does not suggest it again.
 */
export function withUserLink(links: readonly DatasetLink[], link: DatasetLink, replaces?: string): DatasetLink[] {
  const key = pairKey(link.from, link.to);
  const out: DatasetLink[] = [];
  for (const l of links) {
    if (pairKey(l.from, l.to) === key) continue;
    if (l.id === replaces) {
      if (l.origin === 'detected') out.push({ ...l, status: 'rejected' });
      continue;
    }
    out.push(l);
  }
  return [...out, link];
}

/** Links that touch none of these datasets (the rest go when a dataset is deleted). */
export function withoutDatasets(links: readonly DatasetLink[], datasetIds: readonly string[]): DatasetLink[] {
  return links.filter((l) => !datasetIds.includes(l.from.datasetId) && !datasetIds.includes(l.to.datasetId));
}

/**
 * The confirmed link joining dataset a with dataset b (either way round) as a's column and b's column;
 * with `aColumn`, only a link on that column of a. The first confirmed one when several are.
 */
export function confirmedJoin(links: readonly DatasetLink[], a: string, b: string, aColumn?: string): { a: string; b: string; link: DatasetLink } | null {
  for (const link of links) {
    if (link.status !== 'confirmed') continue;
    const pair =
      link.from.datasetId === a && link.to.datasetId === b
        ? { a: link.from.column, b: link.to.column }
        : link.to.datasetId === a && link.from.datasetId === b
          ? { a: link.to.column, b: link.from.column }
          : null;
    if (pair && (aColumn === undefined || pair.a === aColumn)) return { ...pair, link };
  }
  return null;
}

/** "No confirmed link between X and Y: confirm one on the Data page". */
export function noLinkMessage(a: string, b: string): string {
  return `No confirmed link between ${a} and ${b}: confirm one on the Data page.`;
}
