// `sbg`: contractual retention with the shifted-beta-geometric model (Fader & Hardie 2007, 2010).
//   sbg --alive 1000,631,468,...          one cohort's customers alive at periods 0..T (typed counts)
//   sbg <file> --tenure COL --event COL [--event-value V]   one row per customer (telco: tenure, Churn)
//   sbg <file> --start COL --end COL [--period month|week|year] [--as-of YYYY-MM-DD]   subscriptions
// prints {alpha, beta, loglik, projected, retention, ...}: `projected` holds the expected customers alive
// (typed counts) or the survival S(t) (a file) for t = 0..last observed + horizon.
import { writeFile } from 'node:fs/promises';
import { flagNumber, flagString, parseArgs, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { DEFAULT_HORIZON, parseAlive, runSbg, SbgRows, type SbgPeriod, type SbgRequest, type SbgSource } from '../../lib/sbg';

export const spec: CommandSpec = {
  name: 'sbg',
  usage: '--alive N0,N1,... | <file> (--tenure COL --event COL | --start COL --end COL) [options]',
  summary: 'Subscription retention (sBG model): alpha, beta, projected survival, expected remaining lifetime and discounted residual lifetime (DERL).',
  flags: [
    { name: 'alive', kind: 'string', value: 'N0,N1,...', help: 'customers of one cohort still active at periods 0, 1, 2, ... (at least 3 counts)' },
    { name: 'tenure', kind: 'string', value: 'COL', help: 'periods each customer has been subscribed (e.g. months)' },
    { name: 'event', kind: 'string', value: 'COL', help: 'with --tenure: whether the customer left (e.g. Churn)' },
    { name: 'event-value', kind: 'string', value: 'V', help: 'the --event value that means left (default: yes/true/1/churned)' },
    { name: 'start', kind: 'string', value: 'COL', help: 'subscription start date column' },
    { name: 'end', kind: 'string', value: 'COL', help: 'subscription end date column (empty = still active)' },
    { name: 'period', kind: 'string', value: 'month|week|year', help: 'with --start/--end: the length of one period (default month)' },
    { name: 'as-of', kind: 'string', value: 'YYYY-MM-DD', help: 'with --start/--end: the day active subscriptions are counted to (default: the latest date in the file)' },
    { name: 'customer', kind: 'string', value: 'COL', help: 'customer id column (default: the row number)' },
    { name: 'value', kind: 'string', value: 'COL|N', help: 'value per period: a numeric column (e.g. MonthlyCharges) or a number (default 1: DERL in periods)' },
    { name: 'discount', kind: 'number', value: 'RATE', help: 'discount rate per period (default 0.1 for --alive, as for yearly periods; 0.01 for a file, as for months)' },
    { name: 'horizon', kind: 'number', value: 'N', help: `periods projected past the last observed one (default ${DEFAULT_HORIZON})` },
    { name: 'out', kind: 'string', value: 'FILE', help: 'with a file: write every customer (tenure, status, expected remaining, DERL, residual value) as CSV' },
  ],
};

const PERIODS: SbgPeriod[] = ['month', 'week', 'year'];

export async function run(argv: string[]) {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  const aliveText = flagString(args, 'alive');
  const horizon = flagNumber(args, 'horizon', DEFAULT_HORIZON);
  const valueText = flagString(args, 'value');
  const valueNumber = valueText !== undefined && valueText.trim() !== '' && Number.isFinite(Number(valueText)) ? Number(valueText) : undefined;
  const value = { valueColumn: valueNumber === undefined ? valueText : undefined, valuePerPeriod: valueNumber };

  if (aliveText !== undefined) {
    if (file) throw new Error('Give either --alive counts or a file, not both.');
    const alive = parseAlive(aliveText);
    const r = runSbg(null, { source: { kind: 'alive', alive }, discountRate: flagNumber(args, 'discount', 0.1), horizon, valuePerPeriod: value.valuePerPeriod });
    return {
      alpha: r.alpha,
      beta: r.beta,
      loglik: r.loglik,
      projected: r.curve.map((p) => p.projectedAlive),
      retention: r.curve.slice(1).map((p) => p.projectedRetention),
      byTenure: r.byTenure.map(({ tenure, derl, medianRemaining }) => ({ tenure, derl, medianRemaining })),
      expectedLifetime: Number.isFinite(r.byTenure[0].expectedRemaining) ? r.byTenure[0].expectedRemaining : null,
      discountRate: r.summary.discountRate,
      notes: r.summary.notes,
    };
  }

  if (!file) throw usageError(spec);
  const tenure = flagString(args, 'tenure');
  const start = flagString(args, 'start');
  const customer = flagString(args, 'customer');
  let source: SbgSource;
  if (tenure) {
    const event = flagString(args, 'event');
    if (!event) throw new Error('--tenure needs --event (the column that says whether the customer left)');
    source = { kind: 'tenure', customer, tenure, event, eventValue: flagString(args, 'event-value') };
  } else if (start) {
    const end = flagString(args, 'end');
    if (!end) throw new Error('--start needs --end (the end date column; empty = still active)');
    const period = (flagString(args, 'period') ?? 'month') as SbgPeriod;
    if (!PERIODS.includes(period)) throw new Error(`--period must be one of ${PERIODS.join(', ')}; got "${period}"`);
    source = { kind: 'dates', customer, start, end, period, asOf: flagString(args, 'as-of') };
  } else {
    throw new Error('Say where the lifetimes are: --tenure COL --event COL, or --start COL --end COL (or --alive N0,N1,... without a file)');
  }
  const request: SbgRequest = { source, discountRate: flagNumber(args, 'discount', 0.01), horizon, ...value };
  const types = source.kind === 'dates' ? { [source.start]: 'date' as const, [source.end]: 'date' as const } : undefined;
  const { table } = await loadTable(file, loadOptions(args, types));
  const r = runSbg(table, request);
  const out = flagString(args, 'out');
  if (out) await writeFile(out, new SbgRows(r).csv({ sort: 'residualValue', descending: true, search: '' }));
  return {
    alpha: r.alpha,
    beta: r.beta,
    loglik: r.loglik,
    projected: r.curve.map((p) => p.projectedSurvival),
    actual: r.curve.filter((p) => p.actualSurvival !== null).map((p) => p.actualSurvival),
    retention: r.curve.slice(1).map((p) => p.projectedRetention),
    summary: r.summary,
    expectedLifetime: Number.isFinite(r.byTenure[0].expectedRemaining) ? r.byTenure[0].expectedRemaining : null,
    byTenure: r.byTenure.map(({ tenure: t, derl, medianRemaining }) => ({ tenure: t, derl, medianRemaining })),
  };
}
