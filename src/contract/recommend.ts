// Recommendations and market baskets.
import type { ModelProgress } from './engine';
import type { WeightScheme } from '../lib/models/recommend/interactions';
import type { RankingMetrics } from '../lib/models/recommend/metrics';
import type { RankingMetricKey, ServedChoice } from '../lib/models/recommend/choose';
export type { WeightScheme, RankingMetrics, RankingMetricKey, ServedChoice };

/** A learned recommender the user may compare (popularity is always run as the baseline). */
export type RecommendModel = 'itemknn' | 'ease' | 'als';

export interface RecommendRequest {
  /** Interactions: one row per purchase / view / rating. */
  datasetId: string;
  customer: string;
  item: string;
  /** With a date: leave-last-out by time; without: one random held-out item per customer. */
  date?: string;
  /** Quantity or amount, summed per customer and item by the count and log weightings. */
  value?: string;
  weighting: WeightScheme;
  /** Recency decay: an interaction loses half its weight every this many days (needs a date). */
  halfLifeDays?: number;
  k: number;
  models: RecommendModel[];
  /** Tune each model (and an EASE + ALS blend) on a validation split carved from training only. */
  auto: boolean;
  /** With auto: seconds the comparison may take (default 120); tuning then stops and the best found so far serves. */
  budgetSeconds?: number;
  seed: number;
  /** The metric that picks the served model (default NDCG@k): on validation with auto, else on the test split. */
  metric?: RankingMetricKey;
  /** A model the user pinned to serve instead of the best (kept across runs while it is evaluated). */
  pinned?: string;
  /** Without auto: fixed settings (defaults: EASE lambda 100; ALS 32 factors, reg 0.1, alpha 20, 15 iterations). */
  params?: {
    ease?: { lambda?: number };
    als?: { factors?: number; regularization?: number; alpha?: number; iterations?: number };
    itemknn?: { neighbours?: number; shrinkage?: number };
  };
  /** Optional product catalogue: item id column and a display name column. */
  catalogue?: { datasetId: string; key: string; name: string };
}

export interface ModelRow extends RankingMetrics {
  /** 'popularity', 'itemknn', 'ease', 'als' or 'blend'. */
  model: string;
  label: string;
  /** The hyper-parameters that were fitted, in words. */
  setting: string;
  trainSeconds: number;
  backend: string;
  /** Validation metrics when tuned. */
  validation?: RankingMetrics;
  /** When tuned: other model -> metric -> standard error of the paired per-customer validation difference (auto's noise rule). */
  pairedSe?: Record<string, Partial<Record<RankingMetricKey, number>>>;
}

export interface RecommendResult {
  protocol: 'leave-last-out' | 'random';
  /** The protocol in one sentence for the page. */
  protocolText: string;
  k: number;
  customers: number;
  items: number;
  interactions: number;
  rows: ModelRow[];
  /** The model that serves recommendations (refitted on every interaction): `served.model`. */
  chosen: string;
  chosenReason: string;
  /** Which model serves and why (best by the metric, or pinned), and what was refitted. */
  served: ServedChoice & { setting: string };
  notes: string[];
  seconds: number;
}

export interface RecommendedItem {
  item: string;
  name?: string;
  score: number;
  /** "Because you bought X", or why a popular item was suggested. */
  reason: string;
}

export interface CustomerRecommendations {
  customer: string;
  /** The customer's past items, most weighted first (at most 20). */
  history: { item: string; name?: string; weight: number }[];
  items: RecommendedItem[];
}

export interface ItemMatch {
  item: string;
  name?: string;
  customers: number;
}

export interface BasketRequest {
  datasetId: string;
  /** Invoice line items: the basket (invoice) and item columns, category or id. Both absent: each row is a basket. */
  basket?: string;
  item?: string;
  /** Minimum share of baskets holding a pair. */
  minSupport: number;
  top: number;
}

export interface BasketPair {
  a: string;
  b: string;
  support: number;
  confidence: number;
  lift: number;
}

export interface BasketResult {
  baskets: number;
  items: number;
  topItems: { item: string; baskets: number }[];
  pairs: BasketPair[];
  seconds: number;
}

/** The last run: its view, the request it ran with (to restore the form), and the datasets changed since. */
export interface RecommendLast {
  result: RecommendResult;
  settings: RecommendRequest;
  /** Names of the datasets that changed since the run ([] when current). */
  stale: string[];
}

export interface RecommendApi {
  /** Compares the models offline, then refits the chosen one on all interactions for serving. */
  recommend(request: RecommendRequest, onProgress?: (p: ModelProgress) => void): Promise<RecommendResult>;
  /** Serves another model of the last run (pinned: that model; null: the best by `metric`) for every call below. */
  serveModel(choice: { pinned: string | null; metric: RankingMetricKey }, onProgress?: (p: ModelProgress) => void): Promise<RecommendResult>;
  /** Customer ids of the last run that contain `query` (case-insensitive), at most `limit`. */
  searchCustomers(query: string, limit: number): Promise<string[]>;
  /** Items (by id or catalogue name) of the last run, most bought first. */
  searchItems(query: string, limit: number): Promise<ItemMatch[]>;
  customerRecommendations(customer: string, n: number): Promise<CustomerRecommendations>;
  /** "Customers who bought this also bought": the most similar items by co-purchase (cosine). */
  alsoBought(item: string, n: number): Promise<RecommendedItem[]>;
  /** Top-n for every customer as a formula-safe CSV (customer, rank, item, name, score, reason). */
  recommendationsCsv(n: number): Promise<Blob>;
  /** The last stored run (survives a reload; look-ups then serve its model), or null. */
  recommendLast(): Promise<RecommendLast | null>;
  /** Market baskets: frequent pairs by lift; number, date and flag columns are refused as baskets or items. */
  baskets(request: BasketRequest, onProgress?: (p: ModelProgress) => void): Promise<BasketResult>;
}
