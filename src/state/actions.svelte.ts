// The Actions page: data choices, editable rules, the built list (paged in the worker), the campaign
// hold-out with its outcome, and the report. The list is stored (the `actions` result): after a reload
// the page shows it again, with its form, marked out of date when a dataset changed since.
import type { Remote } from 'comlink';
import type {
  ActionQuery,
  ActionRowView,
  ActionRule,
  ActionsAvailable,
  ActionSortKey,
  ActionsRequest,
  ActionsSummary,
  ComputeApi,
  HoldoutSummary,
  ModelKind,
  OutcomeResult,
  ProfitSettings,
  RiskBandName,
} from '../contract';
import { amountColumn, pickDefault, pickLinkedPair } from '../lib/data/suitability';
import type { DatasetMeta } from '../storage/db';
import { noLinkMessage } from '../lib/data/links';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import type { WorkerBridge } from './bridge';
import { message } from './workspace.svelte';
import { PagedRows } from './paged-rows.svelte';
import { outdatedNotice } from '../lib/actions/outdated';
import { checkProfit, DEFAULT_PROFIT as PROFIT } from '../lib/actions/profit';
import { stampData, storedStamps, type DataStamp } from './stale';

export const ACTIONS_PAGE_SIZE = 50;

const datasetIdsOf = (r: ActionsRequest): string[] => [r.customers?.datasetId, r.transactions?.datasetId, r.products?.datasetId].filter((id): id is string => Boolean(id));

const CUTOFFS: ActionsRequest['cutoffs'] = {
  risk: { medium: 0.3, high: 0.6 },
  value: { high: 0.2, medium: 0.3 },
  disagree: { churnHigh: 0.6, aliveHigh: 0.8, churnLow: 0.2, aliveLow: 0.3 },
};

export class ActionsPage {
  // Data choices ('' = none).
  customersId = $state('');
  idColumn = $state('');
  target = $state('');
  positive = $state('');
  spend = $state('');
  transactionsId = $state('');
  customer = $state('');
  date = $state('');
  amount = $state('');
  item = $state('');
  productsId = $state('');
  productKey = $state('');
  productName = $state('');
  useSavedChurn = $state(true);
  useSavedSegments = $state(true);
  model = $state<'auto' | ModelKind>('logistic');
  seed = $state(42);
  months = $state(12);
  items = $state(3);
  riskMedium = $state(CUTOFFS.risk.medium);
  riskHigh = $state(CUTOFFS.risk.high);
  valueHigh = $state(CUTOFFS.value.high);
  valueMedium = $state(CUTOFFS.value.medium);
  /** Costs of the profit-optimal contact list (saved with the list; new ones re-plan it without retraining). */
  profit = $state<ProfitSettings>({ ...PROFIT });
  profitDirty = $state(false);

  available = $state.raw<ActionsAvailable | null>(null);
  rules = $state<ActionRule[]>([]);
  rulesDirty = $state(false);
  summary = $state.raw<ActionsSummary | null>(null);
  /** The data the result came from, to say when it is out of date (src/state/stale.ts). */
  stamps = $state.raw<DataStamp[] | null>(null);
  /** When the shown list was built and whether it used the saved segmentation / churn scores (see `outdated`). */
  built = $state.raw<{ at: number; useSavedSegments: boolean; useSavedChurn: boolean } | null>(null);

  // Table: one page at a time, sorted and filtered in the worker (the search box is the table's search).
  filterAction = $state('');
  filterSegment = $state('');
  filterBand = $state<RiskBandName | ''>('');
  disagreeOnly = $state(false);
  inListOnly = $state(false);
  readonly table = new PagedRows<ActionRowView, ActionSortKey>({
    limit: ACTIONS_PAGE_SIZE,
    // By expected incremental profit: the contact list first, the contacts that pay most at the top.
    sort: 'profit',
    startsDescending: (key) => key !== 'customer' && key !== 'segment' && key !== 'action',
    fetch: async (q) => {
      const request = { ...this.query, offset: q.offset, limit: q.limit };
      return this.#bridge.run((api) => api.actionsPage(request));
    },
  });

  // Hold-out and outcome.
  holdoutFrom = $state<'filter' | 'top'>('top');
  holdoutTop = $state(200);
  controlShare = $state(0.2);
  holdoutSeed = $state(7);
  holdout = $state.raw<HoldoutSummary | null>(null);
  outcome = $state.raw<OutcomeResult | null>(null);
  sideError = $state<string | null>(null);
  busy = $state(false);

  includeCustomers = $state(false);
  /** True until the user picks a dataset: the defaults then follow the workspace (their own import replaces the demo). */
  autoPick = $state(true);

  readonly run: Run;
  #bridge: WorkerBridge<ComputeApi>;
  #ctx: AppContext;
  #loading: Promise<void> | null = null;
  /** A list restored from the store whose stamps wait for the workspace's datasets. */
  #restored: { ids: string[]; stale: string[] } | null = null;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    this.#bridge = ctx.createCompute();
    this.run = new Run(this.#bridge);
  }

  get datasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }

  dataset(id: string): DatasetMeta | undefined {
    return this.datasets.find((d) => d.id === id);
  }

  get ready(): boolean {
    if (this.linkProblems.customers) return false;
    return Boolean(this.customersId || (this.transactionsId && this.customer && this.date));
  }

  /** The confirmed link between the customers and the transactions: a = customers' column, b = transactions'. */
  get customerJoin(): { a: string; b: string } | null {
    return this.customersId && this.transactionsId ? this.#ctx.workspace.links.join(this.customersId, this.transactionsId) : null;
  }

  /** The confirmed link between the transactions' item column (a) and the products' key (b). */
  get productJoin(): { a: string; b: string } | null {
    return this.transactionsId && this.productsId ? this.#ctx.workspace.links.join(this.transactionsId, this.productsId) : null;
  }

  /**
   * Joins are never guessed: customers with transactions need a confirmed link (without one the list is
   * not built), products without one give no item names.
   */
  get linkProblems(): { customers: string | null; products: string | null } {
    const name = (id: string) => this.dataset(id)?.name ?? id;
    return {
      customers: this.customersId && this.transactionsId && !this.customerJoin ? noLinkMessage(name(this.customersId), name(this.transactionsId)) : null,
      products:
        this.transactionsId && this.productsId && !this.productJoin ? `${noLinkMessage(name(this.transactionsId), name(this.productsId))} Until then items show without names.` : null,
    };
  }

  /** The join columns come from the confirmed links when there are any. */
  #followLinks(): void {
    const c = this.customerJoin;
    if (c) {
      this.idColumn = c.a;
      this.customer = c.b;
    }
    const p = this.productJoin;
    if (p) {
      this.item = p.a;
      this.productKey = p.b;
    }
  }

  get query(): ActionQuery {
    return {
      sort: this.table.sort,
      descending: this.table.descending,
      action: this.filterAction || undefined,
      segment: this.filterSegment || undefined,
      band: this.filterBand || undefined,
      text: this.table.search.trim() || undefined,
      disagreeOnly: this.disagreeOnly || undefined,
      inListOnly: this.inListOnly || undefined,
    };
  }

  /** Defaults from roles: customers with a label, transactions with customer + date, products by name. */
  pickDefaults(): void {
    this.#settleStamps();
    // A choice of the user's that was deleted hands the page back to the defaults.
    const gone = [this.customersId, this.transactionsId, this.productsId].some((id) => id && !this.dataset(id));
    if (!this.autoPick && !gone) return;
    this.autoPick = true;
    const d = this.defaults();
    if (d.customers !== this.customersId) this.pickCustomers(d.customers);
    if (d.transactions !== this.transactionsId) this.pickTransactions(d.transactions);
    if (d.products !== this.productsId) this.pickProducts(d.products);
  }

  /**
   * Defaults by the rule of suitability.ts: customers one row per customer (a label preferred), purchases
   * with customer, date and amount, products with names; never the demo once the user has data of their
   * own, so their customers are never joined with demo transactions. '' where nothing fits.
   */
  defaults(): { customers: string; transactions: string; products: string } {
    const all = this.datasets;
    // Customers and transactions that a confirmed link joins come first: an unlinked pair cannot build.
    const links = this.#ctx.workspace.links;
    const pair = pickLinkedPair(all, 'customers', 'transactions', (a, b) => links.join(a.id, b.id) !== null);
    const cust = pair?.[0] ?? pickDefault(all, 'customers');
    const tx = pair?.[1] ?? pickDefault(all, 'transactions', cust ? [cust.id] : []);
    const products = pickDefault(all, 'catalogue', [cust?.id ?? '', tx?.id ?? '']);
    return { customers: cust?.id ?? '', transactions: tx?.id ?? '', products: products?.id ?? '' };
  }

  /** The user's own choice of a dataset (the others stay as they are). */
  choose(which: 'customers' | 'transactions' | 'products', id: string): void {
    this.autoPick = false;
    if (which === 'customers') this.pickCustomers(id);
    else if (which === 'transactions') this.pickTransactions(id);
    else this.pickProducts(id);
  }

  pickCustomers(id: string): void {
    this.customersId = id;
    const d = this.dataset(id);
    // No key role: rows are numbered (labelled "row N"), never keyed by a guessed column.
    this.idColumn = d?.roles.customer ?? '';
    this.target = d?.roles.label ?? '';
    this.positive = '';
    // Stands in for CLV only when there are no transactions: the customers' amount column, if any.
    this.spend = d ? (amountColumn(d) ?? '') : '';
    this.#followLinks();
  }

  pickTransactions(id: string): void {
    this.transactionsId = id;
    const d = this.dataset(id);
    const r = d?.roles ?? {};
    this.customer = r.customer ?? d?.columns.find((c) => c.type === 'id')?.name ?? '';
    this.date = r.date ?? d?.columns.find((c) => c.type === 'date')?.name ?? '';
    this.amount = r.amount ?? '';
    this.item = r.item ?? '';
    this.#followLinks();
  }

  pickProducts(id: string): void {
    this.productsId = id;
    const d = this.dataset(id);
    this.productKey = d ? (d.columns.find((c) => c.type === 'id' || /id$/i.test(c.name))?.name ?? d.columns[0]?.name ?? '') : '';
    this.productName = d?.columns.find((c) => /name|title/i.test(c.name))?.name ?? '';
    this.#followLinks();
  }

  /** Reads the saved artefacts and the persisted rules (once; later calls wait for the same read). */
  load(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<void> {
    try {
      const [a, last] = await Promise.all([this.#bridge.run((api) => api.actionsAvailable()), this.#bridge.run((api) => api.actionsLast())]);
      this.available = a;
      if (!this.rulesDirty && this.rules.length === 0) this.rules = structuredClone(a.rules);
      this.holdout = a.holdout;
      // The last list, unless a build started meanwhile: its form, its summary, its first page.
      if (last && !this.summary && !this.run.running) {
        this.#restoreForm(last.settings);
        this.summary = last.view;
        this.built = { at: last.createdAt, useSavedSegments: last.settings.useSavedSegments, useSavedChurn: last.settings.useSavedChurn };
        this.#restored = { ids: datasetIdsOf(last.settings), stale: last.stale };
        this.#settleStamps();
        await this.refresh(0);
      }
    } catch (e) {
      this.sideError = message(e);
    }
  }

  /**
   * Reads the saved segmentation and churn scores again (the page is kept while another page saves them),
   * so `outdated` can say the list was built before them.
   */
  async recheckSaved(): Promise<void> {
    if (!this.available || this.run.running) return;
    try {
      this.available = await this.#bridge.run((api) => api.actionsAvailable());
    } catch (e) {
      this.sideError = message(e);
    }
  }

  /** The form as the stored list was built, so "Build" builds it again. */
  #restoreForm(r: ActionsRequest): void {
    this.autoPick = false;
    this.customersId = r.customers?.datasetId ?? '';
    this.idColumn = r.customers?.id ?? '';
    this.target = r.customers?.target ?? '';
    this.positive = r.customers?.positive ?? '';
    this.spend = r.customers?.spend ?? '';
    this.transactionsId = r.transactions?.datasetId ?? '';
    this.customer = r.transactions?.customer ?? '';
    this.date = r.transactions?.date ?? '';
    this.amount = r.transactions?.amount ?? '';
    this.item = r.transactions?.item ?? '';
    // Products picked without a confirmed link are not in the request: keep the default pick then.
    if (r.products) {
      this.productsId = r.products.datasetId;
      this.productKey = r.products.key;
      this.productName = r.products.name;
    }
    this.useSavedChurn = r.useSavedChurn;
    this.useSavedSegments = r.useSavedSegments;
    this.model = r.model;
    this.seed = r.seed;
    this.months = r.months;
    this.items = r.items;
    this.riskMedium = r.cutoffs.risk.medium;
    this.riskHigh = r.cutoffs.risk.high;
    this.valueHigh = r.cutoffs.value.high;
    this.valueMedium = r.cutoffs.value.medium;
    if (!this.rulesDirty) this.rules = structuredClone(r.rules);
    if (!this.profitDirty) this.profit = { ...PROFIT, ...r.profit };
  }

  /**
   * Stamps of a restored list, once the workspace lists its datasets (storedStamps: the ones the store says
   * changed since are stamped as of an earlier version, so the page says they changed).
   */
  #settleStamps(): void {
    const r = this.#restored;
    if (!r || this.stamps) return;
    if (r.ids.some((id) => !this.dataset(id))) return;
    this.stamps = storedStamps(this.datasets, r.ids, r.stale);
    this.#restored = null;
  }

  /** Says when the segmentation or churn scores the list joined were saved again after it was built. */
  get outdated(): string | null {
    return this.summary && this.built && this.available ? outdatedNotice(this.built.at, this.built, this.available) : null;
  }

  request(): ActionsRequest {
    const rules = $state.snapshot(this.rules) as ActionRule[];
    // A link confirmed or edited after the datasets were picked still decides the join.
    this.#followLinks();
    return {
      customers: this.customersId ? { datasetId: this.customersId, id: this.idColumn, target: this.target || undefined, positive: this.positive || undefined, spend: this.spend || undefined } : null,
      transactions:
        this.transactionsId && this.customer && this.date
          ? { datasetId: this.transactionsId, customer: this.customer, date: this.date, amount: this.amount || undefined, item: this.item || undefined }
          : null,
      products: this.productsId && this.productKey && this.productName && this.productJoin ? { datasetId: this.productsId, key: this.productKey, name: this.productName } : null,
      useSavedChurn: this.useSavedChurn,
      useSavedSegments: this.useSavedSegments,
      model: this.model,
      seed: this.seed,
      months: this.months,
      items: this.items,
      cutoffs: { ...CUTOFFS, risk: { medium: this.riskMedium, high: this.riskHigh }, value: { high: this.valueHigh, medium: this.valueMedium } },
      rules,
      profit: this.profitSettings(),
    };
  }

  /** The costs as entered (a blank budget is no budget). */
  profitSettings(): ProfitSettings {
    const p = $state.snapshot(this.profit) as ProfitSettings;
    return { ...p, budget: p.budget === null || p.budget === undefined || Number.isNaN(p.budget) ? null : p.budget };
  }

  editProfit(change: (p: ProfitSettings) => void): void {
    change(this.profit);
    this.profitDirty = true;
  }

  /**
   * Re-plans the contact list with the costs entered (and applies the rules as they stand: the default ones
   * act on the list), without retraining.
   */
  async applyProfit(): Promise<void> {
    const rules = $state.snapshot(this.rules) as ActionRule[];
    const profit = this.profitSettings();
    // A bad entry is said beside the fields (the panel checks the same); nothing is sent.
    try {
      checkProfit(profit);
    } catch {
      return;
    }
    await this.side(async (api) => {
      this.summary = await api.actionsSetRules(rules, profit);
      this.profitDirty = false;
      this.rulesDirty = false;
      if (this.filterAction && !this.summary.actions.some((a) => a.action === this.filterAction)) this.filterAction = '';
      await this.refresh();
    });
  }

  profitCsv(): Promise<Blob | null> {
    return this.side((api) => api.actionsProfitCsv());
  }

  async build(): Promise<void> {
    // The rules must be the persisted ones, not the empty list before they arrive.
    await this.load();
    const request = this.request();
    const stamps = stampData(this.#ctx.workspace.datasets, [request.customers?.datasetId, request.transactions?.datasetId, request.products?.datasetId]);
    const summary = await this.run.start((api, onProgress) => api.actionsBuild(request, onProgress));
    if (summary) {
      this.summary = summary;
      this.stamps = stamps;
      this.built = { at: Date.now(), useSavedSegments: request.useSavedSegments, useSavedChurn: request.useSavedChurn };
      this.#restored = null;
      this.rulesDirty = false;
      this.profitDirty = false;
      await this.refresh(0);
    } else if (this.run.cancelled && this.summary) {
      // Cancelling stops the worker; the list shown before is the stored one, which a fresh worker reloads.
      await this.refresh();
    }
  }

  /** Re-applies the edited rules to the built list (instant: nothing is retrained). */
  async applyRules(): Promise<void> {
    const rules = $state.snapshot(this.rules) as ActionRule[];
    await this.side(async (api) => {
      this.summary = await api.actionsSetRules(rules);
      this.rulesDirty = false;
      if (this.filterAction && !this.summary.actions.some((a) => a.action === this.filterAction)) this.filterAction = '';
      await this.refresh();
    });
  }

  editRules(change: (rules: ActionRule[]) => void): void {
    change(this.rules);
    this.rulesDirty = true;
  }

  resetRules(): void {
    if (this.available) this.editRules((r) => r.splice(0, r.length, ...structuredClone(this.available!.defaultRules)));
  }

  /** The rules by risk band and value tier (for a list without lifetime values, where no contact can be valued). */
  handRules(): void {
    if (this.available) this.editRules((r) => r.splice(0, r.length, ...structuredClone(this.available!.handRules)));
  }

  /** Reloads the table's page (at `offset`, or the one shown) for the current filters. */
  async refresh(offset?: number): Promise<void> {
    if (!this.summary) return;
    await this.table.load(offset);
  }

  setFilter(change: () => void): void {
    change();
    void this.refresh(0);
  }

  async csv(): Promise<Blob | null> {
    const query = this.query;
    return this.side((api) => api.actionsCsv(query));
  }

  async drawHoldout(): Promise<void> {
    const from = this.holdoutFrom === 'filter' ? ({ kind: 'filter', query: this.query } as const) : ({ kind: 'top', n: this.holdoutTop } as const);
    const share = this.controlShare;
    const seed = this.holdoutSeed;
    const h = await this.side((api) => api.actionsHoldout({ from, share, seed }));
    if (h) {
      this.holdout = h;
      this.outcome = null;
    }
  }

  holdoutCsv(): Promise<Blob | null> {
    return this.side((api) => api.actionsHoldoutCsv());
  }

  async readOutcomes(file: File): Promise<void> {
    const r = await this.side((api) => api.actionsOutcomes(file));
    if (r) this.outcome = r;
  }

  report(): Promise<Blob | null> {
    const includeCustomers = this.includeCustomers;
    return this.side((api) => api.actionsReport({ includeCustomers }));
  }

  /** A quick worker call outside the model run: errors show beside the tools. */
  async side<R>(call: (api: Remote<ComputeApi>) => Promise<R>): Promise<R | null> {
    this.sideError = null;
    this.busy = true;
    try {
      return await this.#bridge.run(call);
    } catch (e) {
      this.sideError = message(e);
      return null;
    } finally {
      this.busy = false;
    }
  }
}
