// The churn monitor's state: the last comparison of two scorings of a saved model (from the worker's
// `churn-monitor` result), the paged customers who crossed into the high band, their CSV and the
// "Newly high risk" segmentation. The header badge is one module-level instance, so the Churn page
// updates it after a scoring and the header shows it on every page.
import type { ComputeApi, CrossedRow, MonitorView } from '../contract';
import type { WorkerBridge } from './bridge';
import { PagedRows } from './paged-rows.svelte';
import { message } from './workspace.svelte';

export const MONITOR_PAGE_SIZE = 20;
/** The Monitor section's element id: the badge links to it. */
export const MONITOR_ANCHOR = 'churn-monitor';

/** The number of newly high-risk customers of the last comparison; null when there is none. */
class MonitorBadge {
  count = $state<number | null>(null);
  #ticket = 0;

  /** Re-reads the stored comparison (it is deleted with its datasets). A failure leaves the badge as it was. */
  async refresh(bridge: WorkerBridge<ComputeApi>): Promise<void> {
    const ticket = ++this.#ticket;
    try {
      const view = await bridge.run((api) => api.monitorLast());
      if (ticket === this.#ticket) this.count = view ? view.crossedIntoHigh : null;
    } catch {
      // The worker was stopped by another page's cancel: the next refresh tells.
    }
  }

  set(view: MonitorView | null): void {
    this.#ticket++;
    this.count = view ? view.crossedIntoHigh : null;
  }
}

export const monitorBadge = new MonitorBadge();

export class MonitorState {
  view = $state.raw<MonitorView | null>(null);
  error = $state<string | null>(null);
  /** What "Target in the action list" did, in words. */
  targeted = $state<string | null>(null);
  busy = $state(false);
  readonly crossed: PagedRows<CrossedRow, 'after'>;
  #bridge: WorkerBridge<ComputeApi>;

  constructor(bridge: WorkerBridge<ComputeApi>) {
    this.#bridge = bridge;
    this.crossed = new PagedRows<CrossedRow, 'after'>({
      limit: MONITOR_PAGE_SIZE,
      sort: 'after',
      fetch: (q) => this.#bridge.run((api) => api.monitorPage(q.offset, q.limit)),
    });
  }

  /** Reads the last comparison and its first page of customers; updates the header badge. */
  async refresh(): Promise<void> {
    try {
      const view = await this.#bridge.run((api) => api.monitorLast());
      this.view = view;
      this.error = null;
      this.targeted = null;
      monitorBadge.set(view);
      if (view) await this.crossed.load(0);
      else this.crossed.clear();
    } catch (e) {
      this.error = message(e);
    }
  }

  async csv(): Promise<Blob | null> {
    try {
      return await this.#bridge.run((api) => api.monitorCsv());
    } catch (e) {
      this.error = message(e);
      return null;
    }
  }

  /** Saves the newly high-risk customers as the segmentation the action list joins. */
  async target(): Promise<void> {
    this.busy = true;
    try {
      const { name, customers } = await this.#bridge.run((api) => api.monitorTarget());
      this.targeted = `Saved ${customers} customers as the segmentation "${name}": the Actions page joins it ("use the saved segmentation").`;
    } catch (e) {
      this.error = message(e);
    } finally {
      this.busy = false;
    }
  }
}
