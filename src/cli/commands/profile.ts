// `profile <file> [--delimiter X] [--no-header] [--header] [--columns a,b,c] [--encoding E]`:
// what the importer made of a file, as the app's preview shows it.
import { flagList, flagString, parseArgs } from '../args';
import { loadTable } from '../load';
import { profileTable } from '../../lib/data/profile';
import { columnUses, suggestRoles, type ColumnUse } from '../../lib/data/roles';

export interface ProfileOutput {
  rows: number;
  rejected: number;
  rejectedSample: { line: number; reason: string }[];
  delimiter: string;
  encoding: string;
  header: boolean;
  /** reason: why that type; role: what the app would use the column for (the preview's suggestion). */
  columns: { name: string; type: string; missing: number; distinct: number; reason: string; role: ColumnUse }[];
  /** The customer key column, or null when the file has none (rows are then numbered). */
  key: string | null;
  /** What reading the file decided or changed, in words: the encoding's evidence, invalid UTF-8 by line, rejected lines. */
  notes: string[];
}

export async function run(argv: string[]): Promise<ProfileOutput> {
  const args = parseArgs(argv);
  const [file, extra] = args.positional;
  if (!file) throw new Error('usage: profile <file> [--delimiter X] [--no-header] [--columns a,b,c] [--encoding E]');
  if (extra) throw new Error(`profile takes one file, got also "${extra}"`);
  const known = new Set(['delimiter', 'no-header', 'header', 'columns', 'encoding']);
  for (const k of args.flags.keys()) if (!known.has(k)) throw new Error(`Unknown option --${k}`);
  const header = args.flags.has('no-header') ? false : args.flags.has('header') ? true : undefined;
  const { table, report } = await loadTable(file, {
    delimiter: flagString(args, 'delimiter'),
    header,
    columns: flagList(args, 'columns'),
    encoding: flagString(args, 'encoding'),
  });
  const profiles = profileTable(table, report).columns;
  const roles = suggestRoles(table);
  const uses = columnUses(table, roles);
  const reasons = new Map(report.columns.map((c) => [c.name, c.reason]));
  return {
    rows: table.rows,
    rejected: report.rejected,
    rejectedSample: report.rejectedSample.map(({ line, reason }) => ({ line, reason })),
    delimiter: report.delimiter,
    encoding: report.encoding,
    header: report.header,
    columns: profiles.map((p) => ({ name: p.name, type: p.type, missing: p.missing, distinct: p.distinct, reason: reasons.get(p.name) ?? '', role: uses[p.name] })),
    key: roles.customer ?? null,
    notes: report.notes,
  };
}
