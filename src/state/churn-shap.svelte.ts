// The SHAP waterfall of one customer on the Churn page and in the action list: which customer is picked (a row
// of a scores table, or an id typed in) and its waterfall, asked of the compute worker (churnWaterfall reads the
// last scores there: stored SHAP for the explained customers, computed on request for the others).
import type { ChurnWaterfall, ComputeApi } from '../contract';
import type { AppContext } from './app-context';
import type { WorkerBridge } from './bridge';
import { message } from './workspace.svelte';

export class WaterfallPanel {
  /** The picked customer (null: none yet). */
  customer = $state<string | null>(null);
  waterfall = $state.raw<ChurnWaterfall | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** What the waterfall belongs to (the scored summary it was asked for): a new scoring makes it stale. */
  of = $state.raw<unknown>(null);
  #bridge: WorkerBridge<ComputeApi>;
  #ask = 0;

  constructor(ctx: AppContext) {
    this.#bridge = ctx.createCompute();
  }

  /** Asks for `customer`'s waterfall; a later pick wins over an answer still on its way. */
  async pick(customer: string, of: unknown): Promise<void> {
    const id = customer.trim();
    if (!id) {
      this.error = 'Type a customer id, or click a row of the scores table.';
      return;
    }
    const ask = ++this.#ask;
    this.customer = id;
    this.of = of;
    this.loading = true;
    this.error = null;
    try {
      const w = await this.#bridge.run((api) => api.churnWaterfall(id));
      if (ask !== this.#ask) return;
      this.waterfall = w;
    } catch (e) {
      if (ask !== this.#ask) return;
      this.waterfall = null;
      this.error = message(e);
    } finally {
      if (ask === this.#ask) this.loading = false;
    }
  }
}
