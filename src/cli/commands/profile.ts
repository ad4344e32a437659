// `profile <file> [--delimiter X] [--no-header] [--header] [--columns a,b,c] [--encoding E]`:
// what the importer made of a file, as the app's preview shows it.
import { parseArgs, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { profileTable } from '../../lib/data/profile';
import { columnUses, roleReason, suggestRoles, type ColumnUse } from '../../lib/data/roles';

export interface ProfileOutput {
  rows: number;
  rejected: number;
  rejectedSample: { line: number; reason: string }[];
  delimiter: string;
  encoding: string;
  header: boolean;
  /** reason: why that type; role: what the app would use the column for (the preview's suggestion). */
  /** roleReason: why the values fit the role, for roles the values decide (a survey score). */
  columns: { name: string; type: string; missing: number; distinct: number; reason: string; role: ColumnUse; roleReason?: string }[];
  /** The customer key column, or null when the file has none (rows are then numbered). */
  key: string | null;
  /** What reading the file decided or changed, in words: the encoding's evidence, invalid UTF-8 by line, rejected lines. */
  notes: string[];
}

export const spec: CommandSpec = {
  name: 'profile',
  usage: '<file> [options]',
  summary: "What the importer makes of a file, as the app's preview shows it: types, roles, the customer key, notes.",
  flags: [{ name: 'header', kind: 'boolean', help: 'the first line is column names (default: detected)' }],
};

export async function run(argv: string[]): Promise<ProfileOutput> {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  if (args.flags.has('header') && args.flags.has('no-header')) throw new Error('Give --header or --no-header, not both');
  const { table, report } = await loadTable(file, loadOptions(args));
  const profiles = profileTable(table, report).columns;
  const roles = suggestRoles(table);
  const uses = columnUses(table, roles);
  const reasons = new Map(report.columns.map((c) => [c.name, c.reason]));
  const roleReasons = new Map<string, string>();
  for (const [role, column] of Object.entries(roles) as [keyof typeof roles, string][]) {
    const why = roleReason(table, role, column);
    if (why) roleReasons.set(column, why);
  }
  return {
    rows: table.rows,
    rejected: report.rejected,
    rejectedSample: report.rejectedSample.map(({ line, reason }) => ({ line, reason })),
    delimiter: report.delimiter,
    encoding: report.encoding,
    header: report.header,
    columns: profiles.map((p) => ({ name: p.name, type: p.type, missing: p.missing, distinct: p.distinct, reason: reasons.get(p.name) ?? '', role: uses[p.name], ...(roleReasons.has(p.name) ? { roleReason: roleReasons.get(p.name) } : {}) })),
    key: roles.customer ?? null,
    notes: report.notes,
  };
}
