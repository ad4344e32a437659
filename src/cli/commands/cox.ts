// `cox`: Cox proportional-hazards regression (Efron ties) on a customers file.
//   cox <file> --time COL --event COL [--event-value V] --covariates a,b,c [--id COL] [--ph-transform km|rank]
//       [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
// Categorical and two-valued covariates become `name=level` against a reference level (two-valued: the
// false-like value; others: the most frequent). Rows with a missing value or a time <= 0 are left out (counted).
import { flagList, flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { runCox, summariseCox } from '../../lib/survival/cox';
import { suggestCovariates } from '../../lib/survival/suggest';

export const spec: CommandSpec = {
  name: 'cox',
  usage: '<file> --time COL --event COL --covariates a,b,c [options]',
  summary: 'Cox proportional-hazards regression: coefficients, hazard ratios, concordance and a proportional-hazards test per covariate.',
  flags: [
    { name: 'time', kind: 'string', value: 'COL', help: 'time at risk, e.g. tenure in months (required; rows with 0 or less are left out)' },
    { name: 'event', kind: 'string', value: 'COL', help: 'whether the customer left (required)' },
    { name: 'event-value', kind: 'string', value: 'V', help: "the event column's value that means the event (default: yes/true/1 of a two-valued column)" },
    { name: 'covariates', kind: 'string', value: 'a,b,c|auto', help: "the columns that explain the hazard (required); 'auto': the five most associated with the event one at a time, as the app preselects (adds a suggestion key)" },
    { name: 'id', kind: 'string', value: 'COL', help: 'a customer id column (names customers in errors and exports)' },
    { name: 'ph-transform', kind: 'string', value: 'km|rank', help: 'time transform of the proportional-hazards test (default km, as R cox.zph)' },
  ],
};

export async function run(argv: string[]) {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const time = requireFlag(args, 'time');
  const event = requireFlag(args, 'event');
  const covariates = flagList(args, 'covariates');
  if (!covariates?.length) throw new Error('--covariates is required (a comma-separated list of columns)');
  const transform = flagString(args, 'ph-transform') ?? 'km';
  if (transform !== 'km' && transform !== 'rank') throw new Error(`--ph-transform must be km or rank, got "${transform}"`);
  const { table, report } = await loadTable(file, loadOptions(args));
  const reasons = Object.fromEntries(report.columns.map((c) => [c.name, c.reason]));
  const eventValue = flagString(args, 'event-value');
  const id = flagString(args, 'id');
  let suggestion = null;
  if (covariates.length === 1 && covariates[0] === 'auto') {
    // The app's candidates: numbers, yes/no and categories of at most 30 values; not the time, event or id.
    const candidates = report.columns
      .filter((c) => c.name !== time && c.name !== event && c.name !== id && ['integer', 'number', 'boolean', 'category'].includes(c.type))
      .map((c) => c.name);
    suggestion = suggestCovariates(table, { time, event, eventValue, reasons, candidates });
    if (!suggestion.chosen.length) throw new Error(`No attribute could be fitted against ${event}: ${suggestion.skipped.map((s) => `${s.column}: ${s.reason}`).join('; ')}`);
    covariates.splice(0, 1, ...suggestion.chosen);
  }
  const result = runCox(table, { time, event, eventValue, covariates, id, phTransform: transform, reasons });
  const suggested = suggestion ? { chosen: suggestion.chosen, rule: suggestion.rule, skipped: suggestion.skipped } : undefined;
  return { ...summariseCox(result), ...(suggested ? { suggestion: suggested } : {}) };
}
