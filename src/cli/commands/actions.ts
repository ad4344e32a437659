// `actions`: the retention action list from files, as the Actions page builds it.
//   actions --customers <file> --target COL [--id COL] [--positive VALUE]
//           [--transactions <file> --customer C --date D [--amount A] [--item I]]
//           [--model logistic|auto|...] [--top 100] [--seed 42] [--months 12]
//           [--contact-cost 2] [--offer-cost 10] [--save-rate 0.3] [--accept-share 1] [--budget B] [--sort profit|value]
// Customers are joined on the customers file's key (--id, default: the customer key the app's inference
// suggests, else --customer) and the transactions' C. Prints {actions, profit, rows: [...]}: customers per
// action, the profit-optimal contact list (without its curve) and the rows sorted by expected profit (or
// value at risk), descending.
// The file flags (--delimiter, --no-header, --encoding) read both files; --columns names the customers
// file's columns and --transactions-columns the transactions file's.
import { flagNumber, flagString, parseArgs, requireFlag, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { DEFAULT_BUILD_OPTIONS } from '../../lib/actions/build';
import { DEFAULT_PROFIT, type ProfitSettings } from '../../lib/actions/profit';
import { queryRows, rowView } from '../../lib/actions/query';
import { actionCounts, DEFAULT_RULES } from '../../lib/actions/rules';
import { profitSummary, runActions } from '../../lib/actions/run';
import { DEFAULT_CUTOFFS } from '../../lib/actions/types';
import type { Table } from '../../lib/data/table';
import { suggestRoles } from '../../lib/data/roles';
import type { ModelKind } from '../../lib/models/churn';

function idColumn(table: Table, wanted: string | undefined, fallback: string | undefined): string {
  const names = table.columns.map((c) => c.name);
  if (wanted) {
    if (!names.includes(wanted)) throw new Error(`--id: no column "${wanted}" (columns: ${names.join(', ')})`);
    return wanted;
  }
  // The same key the preview suggests; never the first id-typed column (it may be a row number).
  const key = suggestRoles(table).customer;
  if (key) return key;
  if (fallback && names.includes(fallback)) return fallback;
  throw new Error(`The customers file has no customer key column (no near-unique id): pass --id COL (columns: ${names.join(', ')})`);
}

export const spec: CommandSpec = {
  name: 'actions',
  usage: '--customers <file> --target COL [--transactions <file> --customer C --date D] [options]',
  summary: 'The retention action list from files, as the Actions page builds it: churn x lifetime value, reasons, actions, items.',
  positionals: 0,
  flags: [
    { name: 'customers', kind: 'string', value: 'FILE', help: 'the customers file, one row per customer (required)' },
    { name: 'target', kind: 'string', value: 'COL', help: 'its column that says who churned (required)' },
    { name: 'positive', kind: 'string', value: 'VALUE', help: 'the target value that means "churned" (default: inferred)' },
    { name: 'id', kind: 'string', value: 'COL', help: "its customer key (default: the key the app suggests, else --customer)" },
    { name: 'transactions', kind: 'string', value: 'FILE', help: 'a transactions file: adds lifetime value and recommended items' },
    { name: 'customer', kind: 'string', value: 'COL', help: 'with --transactions: its customer column (required)' },
    { name: 'date', kind: 'string', value: 'COL', help: 'with --transactions: its date column (required)' },
    { name: 'amount', kind: 'string', value: 'COL', help: 'with --transactions: its amount column' },
    { name: 'item', kind: 'string', value: 'COL', help: 'with --transactions: its product column (recommended items)' },
    { name: 'transactions-columns', kind: 'list', value: 'a,b,c', help: "the transactions file's column names (--columns names the customers file's)" },
    { name: 'model', kind: 'string', value: 'logistic|auto|gbdt|mlp', help: 'the churn model (default logistic)' },
    { name: 'top', kind: 'number', help: 'how many customers to print (default 100)' },
    { name: 'seed', kind: 'number', help: 'random seed (default 42)' },
    { name: 'months', kind: 'number', help: 'lifetime value horizon in months (default 12)' },
    { name: 'contact-cost', kind: 'number', help: `cost of one contact (default ${DEFAULT_PROFIT.contactCost})` },
    { name: 'offer-cost', kind: 'number', help: `cost of the retention offer when taken (default ${DEFAULT_PROFIT.offerCost})` },
    { name: 'save-rate', kind: 'number', help: `share of contacted would-be churners who stay, 0-1 (default ${DEFAULT_PROFIT.saveRate})` },
    { name: 'accept-share', kind: 'number', help: `share of contacted customers who would have stayed and take the offer anyway, 0-1 (default ${DEFAULT_PROFIT.acceptShare})` },
    { name: 'budget', kind: 'number', help: 'most to spend on contacts + offers (each contacted customer reserves both; default: no limit)' },
    { name: 'sort', kind: 'string', value: 'profit|value', help: 'order of the rows: expected profit (default) or value at risk' },
  ],
};

export async function run(argv: string[]) {
  const args = parseArgs(argv, spec);
  const customersFile = requireFlag(args, 'customers');
  const target = requireFlag(args, 'target');
  const top = flagNumber(args, 'top', 100);
  if (!(Number.isInteger(top) && top > 0)) throw new Error(`--top must be a positive whole number, got ${top}`);
  const sort = flagString(args, 'sort') ?? 'profit';
  if (sort !== 'profit' && sort !== 'value') throw new Error(`--sort must be profit or value, got ${sort}`);
  const budget = flagString(args, 'budget') === undefined ? null : flagNumber(args, 'budget', NaN);
  const profit: ProfitSettings = {
    basis: 'save-rate',
    contactCost: flagNumber(args, 'contact-cost', DEFAULT_PROFIT.contactCost),
    offerCost: flagNumber(args, 'offer-cost', DEFAULT_PROFIT.offerCost),
    saveRate: flagNumber(args, 'save-rate', DEFAULT_PROFIT.saveRate),
    acceptShare: flagNumber(args, 'accept-share', DEFAULT_PROFIT.acceptShare),
    budget,
  };
  const { table: customersTable } = await loadTable(customersFile, loadOptions(args));
  const txFile = flagString(args, 'transactions');
  const customer = flagString(args, 'customer');
  let transactions: { table: Table; customer: string; date: string; amount?: string; item?: string } | null = null;
  if (txFile) {
    const date = requireFlag(args, 'date');
    const { table } = await loadTable(txFile, loadOptions(args, { [date]: 'date' }, 'transactions-columns'));
    transactions = { table, customer: requireFlag(args, 'customer'), date, amount: flagString(args, 'amount'), item: flagString(args, 'item') };
  }
  const id = idColumn(customersTable, flagString(args, 'id'), customer);
  // The Actions page's request, on files: no saved scores or segmentation; item-kNN for the items.
  const run = await runActions(
    {
      customers: { datasetId: 'customers', id, target, positive: flagString(args, 'positive') },
      transactions: transactions && { datasetId: 'transactions', customer: transactions.customer, date: transactions.date, amount: transactions.amount, item: transactions.item },
      products: null,
      useSavedChurn: false,
      useSavedSegments: false,
      model: (flagString(args, 'model') ?? 'logistic') as 'auto' | ModelKind,
      seed: flagNumber(args, 'seed', 42),
      months: flagNumber(args, 'months', 12),
      items: DEFAULT_BUILD_OPTIONS.items,
      cutoffs: DEFAULT_CUTOFFS,
      rules: DEFAULT_RULES,
      profit,
    },
    { customers: customersTable, transactions: transactions?.table ?? null, products: null, churn: null, segmentation: null },
  );
  const { list } = run.result;
  const index = queryRows(list, { sort: sort === 'profit' ? 'profit' : 'valueAtRisk', descending: true }).slice(0, top);
  const p = profitSummary(run);
  return {
    actions: actionCounts(list),
    profit: p && { settings: p.settings, formula: p.formula, valued: p.valued, positive: p.positive, noClv: p.noClv, noScore: p.noScore, best: p.best, chosen: p.chosen, budgetCap: p.budgetCap },
    rows: Array.from(index, (i) => {
      const r = rowView(list, i);
      return { customer: r.customer, churnProbability: r.probability, clv: r.clv, valueAtRisk: r.valueAtRisk, expectedProfit: r.profit, inContactList: r.inList, segment: r.segment, reasons: r.reasons, action: r.action, items: r.items };
    }),
  };
}
