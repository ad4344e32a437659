// `clv`: purchase model (BG/NBD, Pareto/NBD, MBG/NBD or the best) + Gamma-Gamma customer lifetime value, from
// transactions or from a per-customer summary.
//   clv <file> --customer C --date D [--amount A [--quantity Q]] [--calibration-end YYYY-MM-DD] [--observation-end YYYY-MM-DD]
//       [--unit day|week|month] [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
//   clv --summary <file> --frequency COL --recency COL --age COL [--spend COL] [--customer COL] [--unit U]
//   common: [--model bgnbd|paretonbd|mbgnbd|auto] [--months 12] [--discount 0.01] [--penalizer 0]
import { flagNumber, flagString, parseArgs, requireFlag, usageError, type CommandSpec, type ParsedArgs } from '../args';
import { loadOptions, loadTable } from '../load';
import { fitClv, summaryOptions } from '../../lib/clv';
import { checkPurchaseModel, PURCHASE_MODELS } from '../../lib/models/clv/purchase-models';
import { checkUnit, summarizeTransactions, summaryFromColumns, type CustomerSummary } from '../../lib/models/clv/summary';

export function parseDay(text: string, flag: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== text) throw new Error(`--${flag} must be a date YYYY-MM-DD, got "${text}"`);
  return ms;
}

export const spec: CommandSpec = {
  name: 'clv',
  usage: '<file> --customer C --date D [--amount A] [options] | clv --summary <file> --frequency F --recency R --age T [options]',
  summary: 'BG/NBD + Gamma-Gamma customer lifetime value, from transactions or from a per-customer summary (the Lifetime value page).',
  flags: [
    { name: 'customer', kind: 'string', value: 'COL', help: 'the customer id column (required with transactions)' },
    { name: 'date', kind: 'string', value: 'COL', help: 'the transaction date column (required with transactions)' },
    { name: 'amount', kind: 'string', value: 'COL', help: 'the amount column: adds spend (Gamma-Gamma) and CLV' },
    { name: 'quantity', kind: 'string', value: 'COL', help: 'quantity column when the amount is a unit price' },
    { name: 'calibration-end', kind: 'string', value: 'YYYY-MM-DD', help: 'fit on transactions up to this day, compare with the hold-out after it' },
    { name: 'observation-end', kind: 'string', value: 'YYYY-MM-DD', help: 'the last day of the data (default: the last transaction)' },
    { name: 'summary', kind: 'string', value: 'FILE', help: 'read a per-customer summary file instead of transactions' },
    { name: 'frequency', kind: 'string', value: 'COL', help: 'with --summary: repeat purchases column' },
    { name: 'recency', kind: 'string', value: 'COL', help: 'with --summary: time from first to last purchase column' },
    { name: 'age', kind: 'string', value: 'COL', help: 'with --summary: time from first purchase to the end column' },
    { name: 'spend', kind: 'string', value: 'COL', help: 'with --summary: mean spend per repeat purchase column' },
    { name: 'unit', kind: 'string', value: 'day|week|month', help: 'time unit of the model (default week)' },
    { name: 'model', kind: 'string', value: 'bgnbd|paretonbd|mbgnbd|auto', help: 'purchase model (default bgnbd); auto fits all three and keeps the lowest holdout MAE, else the lowest BIC' },
    { name: 'months', kind: 'number', help: 'CLV horizon in months (default 12)' },
    { name: 'discount', kind: 'number', value: 'RATE', help: 'monthly discount rate (default 0.01)' },
    { name: 'penalizer', kind: 'number', help: 'L2 penalty on the BG/NBD and Gamma-Gamma fits (default 0)' },
  ],
};

async function summaryOf(args: ParsedArgs): Promise<CustomerSummary> {
  const unit = checkUnit(flagString(args, 'unit') ?? 'week');
  const summaryFile = flagString(args, 'summary');
  if (summaryFile !== undefined) {
    const { table } = await loadTable(summaryFile, loadOptions(args));
    return summaryFromColumns(table, {
      frequency: requireFlag(args, 'frequency'),
      recency: requireFlag(args, 'recency'),
      age: requireFlag(args, 'age'),
      spend: flagString(args, 'spend'),
      customer: flagString(args, 'customer'),
      unit,
    });
  }
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const date = requireFlag(args, 'date');
  const { table } = await loadTable(file, loadOptions(args, { [date]: 'date' }));
  const calibrationEnd = flagString(args, 'calibration-end');
  const observationEnd = flagString(args, 'observation-end');
  if (calibrationEnd !== undefined) parseDay(calibrationEnd, 'calibration-end'); // refused with the flag's name
  const columns = { customer: requireFlag(args, 'customer'), date, amount: flagString(args, 'amount'), quantity: flagString(args, 'quantity') };
  // The Lifetime value page's summary (src/lib/clv), with the CLI's own observation end.
  return summarizeTransactions(table, summaryOptions({ ...columns, unit, calibrationEnd }, observationEnd === undefined ? undefined : parseDay(observationEnd, 'observation-end')));
}

export async function run(argv: string[]) {
  const args = parseArgs(argv, spec);
  const model = checkPurchaseModel(flagString(args, 'model') ?? 'bgnbd');
  const summary = await summaryOf(args);
  const analysis = fitClv(summary, {
    model,
    months: flagNumber(args, 'months', 12),
    monthlyDiscountRate: flagNumber(args, 'discount', 0.01),
    penalizer: flagNumber(args, 'penalizer', 0),
  });
  const { bgnbd, gammaGamma, perCustomer, modelChoice, purchaseModel } = analysis;
  // Each fitted model's parameters and log-likelihood under its own key (bgnbd always).
  const fitted = modelChoice
    ? modelChoice.rows.map((r) => [r.model, { ...r.params, loglik: r.loglik }] as const)
    : [[purchaseModel.model, { ...purchaseModel.params, loglik: purchaseModel.logLikelihood }] as const];
  const byModel = Object.fromEntries(fitted.filter(([m]) => m !== 'bgnbd'));
  const choice = modelChoice && {
    model: modelChoice.model,
    rule: modelChoice.rule,
    byModel: Object.fromEntries(PURCHASE_MODELS.map((m) => {
      const r = modelChoice.rows.find((row) => row.model === m)!;
      return [m, { loglik: r.loglik, bic: r.bic, holdoutMae: r.holdoutMae, holdoutTotal: r.holdoutTotal }];
    })),
  };
  const sample = summary.customers.slice(0, 10).map((customer, i) => ({
    customer,
    pAlive: perCustomer.pAlive[i],
    expectedPurchases: perCustomer.expectedPurchases[i],
    clv: perCustomer.clv ? perCustomer.clv[i] : null,
  }));
  return {
    customers: analysis.customers,
    model: purchaseModel.model,
    bgnbd: { ...bgnbd.params, loglik: bgnbd.logLikelihood },
    ...byModel,
    ...(choice ? { choice } : {}),
    gammaGamma: gammaGamma ? { ...gammaGamma.params, customers: gammaGamma.customers } : null,
    sample,
    summary: {
      unit: summary.unit,
      horizonMonths: analysis.horizon.months,
      monthlyDiscountRate: analysis.horizon.monthlyDiscountRate,
      expectedPurchases: analysis.totals.expectedPurchases,
      totalClv: analysis.totals.clv,
      meanClv: analysis.totals.meanClv,
      frequencySpendCorrelation: gammaGamma ? gammaGamma.correlation : null,
      calibrationVsHoldout: analysis.charts.calibrationVsHoldout,
      warnings: analysis.warnings,
    },
  };
}
