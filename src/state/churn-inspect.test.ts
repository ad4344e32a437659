import { describe, expect, it } from 'vitest';
import type { ChurnSource, ComputeApi } from '../contract';
import type { AppContext } from './app-context';
import type { WorkerBridge } from './bridge';
import { ChurnPage } from './churn.svelte';

/** A Churn page state on a worker stand-in that counts label checks; `fail` makes the next one throw. */
function page() {
  const asked: ChurnSource[] = [];
  let fail = false;
  const api = {
    churnLast: async () => null,
    churnInspect: async (source: ChurnSource) => {
      asked.push(source);
      if (fail) {
        fail = false;
        throw new Error('The worker was stopped by another page');
      }
      return { target: 'churned', columns: [], leakage: [], notes: [] };
    },
  };
  const bridge = { run: (call: (a: typeof api) => unknown) => call(api) } as unknown as WorkerBridge<ComputeApi>;
  const ctx = { workspace: { datasets: [] }, createCompute: () => bridge } as unknown as AppContext;
  return { state: new ChurnPage(ctx), asked, failNext: () => (fail = true) };
}

const derive = (horizonDays = 90): ChurnSource => ({ kind: 'derive', datasetId: 'tx', customer: 'customer_id', date: 'date', horizonDays });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ChurnPage.inspectChanged', () => {
  it('checks the label again only when the source or the links changed, or the last check failed', async () => {
    const { state, asked, failNext } = page();
    state.inspectChanged(derive(), []);
    await settle();
    // The workspace's list read again after a change elsewhere: a new but equal source, no new check.
    state.inspectChanged(derive(), []);
    await settle();
    expect(asked).toHaveLength(1);
    state.inspectChanged(derive(60), []);
    await settle();
    expect(asked).toHaveLength(2);
    const link = { from: { datasetId: 'tx', column: 'customer_id' }, to: { datasetId: 'c', column: 'customer_id' }, status: 'confirmed' };
    state.inspectChanged(derive(60), [link]);
    await settle();
    expect(asked).toHaveLength(3);
    failNext();
    state.inspectChanged(derive(), [link]);
    await settle();
    expect(state.inspectError).toMatch(/stopped/);
    state.inspectChanged(derive(), [link]);
    await settle();
    expect(asked).toHaveLength(5);
    expect(state.inspection).not.toBeNull();
  });
});
