// The action list's shared cases (tests/capabilities/actions.ts) on the src/lib/actions functions in
// Node: tables parsed as the import parses them, saved artefacts and the last list held in memory
// where the worker keeps them in the result store.
import type { ChurnScores } from '../../contract/churn';
import type { SavedSegmentation } from '../../contract/segment';
import type { UpliftScores } from '../../contract/uplift';
import { actionsCases, type ActionsDriver } from '../../../tests/capabilities/actions';
import { parseTable } from '../data/parse-table';
import type { Table } from '../data/table';
import { drawHoldout, holdoutCsv, readOutcomes } from './campaign';
import { upliftInputOf } from './profit';
import { reportDataset, reportHtml } from './report-data';
import { disposeServed, serveFrom, type StoredRecommend } from '../recommend/serve';
import { datasetsOf, listCsv, pageOf, profitCsv, QueryRows, recommenderProblem, runActions, servedItems, summariseRun, withRules } from './run';
import type { ActionsRun, StoredHoldout } from './views';

function nodeDriver(): ActionsDriver {
  const tables = new Map<string, { table: Table; name: string; version: number }>();
  let churn: { scores: ChurnScores; version: number } | null = null;
  let segmentation: SavedSegmentation | null = null;
  let run: ActionsRun | null = null;
  let holdout: StoredHoldout | null = null;
  let recommend: StoredRecommend | null = null;
  let uplift: UpliftScores | null = null;
  const queried = new QueryRows();
  const lastRun = () => {
    if (!run) throw new Error('Build the action list first');
    return run;
  };
  const lastHoldout = () => {
    if (!holdout) throw new Error('Draw a hold-out first');
    return holdout;
  };
  const bytes = (text: string) => new TextEncoder().encode(text);
  return {
    async dataset(csv, name) {
      const id = `d${tables.size + 1}`;
      tables.set(id, { table: parseTable(bytes(csv)).table, name, version: 1 });
      return id;
    },
    async saveChurn(scores) {
      churn = { scores, version: tables.get(scores.datasetId)!.version };
    },
    async saveSegmentation(seg) {
      segmentation = seg;
    },
    async withRecommend(stored, f) {
      const before = recommend;
      recommend = stored;
      try {
        return await f();
      } finally {
        recommend = before;
      }
    },
    async changeRoles(datasetId) {
      tables.get(datasetId)!.version++;
    },
    async build(request) {
      const loaded: Record<string, Table | null> = { customers: null, transactions: null, products: null };
      for (const d of datasetsOf(request)) loaded[d.role] = tables.get(d.datasetId)!.table;
      const stale = churn ? tables.get(churn.scores.datasetId)!.version !== churn.version : false;
      const noRecommender = recommenderProblem(recommend, request) ?? undefined;
      const served = recommend && request.transactions?.item && !noRecommender ? await serveFrom(recommend, tables.get(recommend.request.datasetId)!.table) : null;
      run = await runActions(request, {
        customers: loaded.customers,
        transactions: loaded.transactions,
        products: loaded.products,
        churn: churn && { scores: churn.scores, stale },
        segmentation,
        recommender: served && servedItems(served),
        noRecommender,
        uplift: uplift && upliftInputOf(uplift),
      });
      if (served) disposeServed(served);
      return summariseRun(run);
    },
    async withUplift(scores, f) {
      uplift = scores;
      try {
        return await f();
      } finally {
        uplift = null;
      }
    },
    async setRules(rules, profit) {
      run = withRules(lastRun(), rules, profit);
      return summariseRun(run);
    },
    profitCsv: async () => profitCsv(lastRun()),
    // As the worker pages: the last query's rows remembered (QueryRows), so the cases check that it follows new rules.
    page: async (request) => pageOf(lastRun(), request, queried.of(lastRun(), request)),
    csv: async (query) => listCsv(lastRun(), query, queried.of(lastRun(), query)),
    async holdout(request) {
      holdout = drawHoldout(lastRun(), request);
      return holdout.summary;
    },
    holdoutCsv: async () => holdoutCsv(lastHoldout()),
    outcomes: async (csv) => readOutcomes(lastHoldout(), bytes(csv)),
    async report(options) {
      const r = lastRun();
      const datasets = datasetsOf(r.request).map((d) => {
        const t = tables.get(d.datasetId)!;
        return reportDataset({ name: t.name, rows: t.table.rows, columns: t.table.columns });
      });
      return reportHtml(r, datasets, options);
    },
  };
}

actionsCases(nodeDriver());
