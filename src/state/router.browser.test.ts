// browserHistory against the real History API: writes asked for in one task are made once, in a later task.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserHistory } from './router.svelte';

const nextTask = () => new Promise((r) => setTimeout(r, 0));
const start = location.hash;

afterEach(() => {
  vi.restoreAllMocks();
  history.replaceState(history.state, '', start || location.pathname + location.search);
});

describe('browserHistory', () => {
  it('makes one history write per task: a push and the replaces after it are one push of the last hash', async () => {
    const port = browserHistory();
    const push = vi.spyOn(history, 'pushState');
    const replace = vi.spyOn(history, 'replaceState');
    const length = history.length;
    port.push('#/churn');
    port.replace('#/churn?dataset=a');
    port.replace('#/churn?dataset=a&mode=label');
    // Nothing is written in the asking task; the app reads the pending hash meanwhile.
    expect(push).not.toHaveBeenCalled();
    expect(port.hash()).toBe('#/churn?dataset=a&mode=label');
    await nextTask();
    expect(push).toHaveBeenCalledTimes(1);
    expect(replace).not.toHaveBeenCalled();
    expect(location.hash).toBe('#/churn?dataset=a&mode=label');
    expect(history.length).toBe(length + 1);
  });

  it('never folds a replace into a later push: Back returns to the replaced entry', async () => {
    const port = browserHistory();
    port.push('#/data');
    await nextTask();
    port.replace('#/data?dataset=x');
    port.push('#/clv');
    await nextTask();
    expect(location.hash).toBe('#/clv');
    const back = new Promise((r) => addEventListener('popstate', r, { once: true }));
    history.back();
    await back;
    expect(location.hash).toBe('#/data?dataset=x');
  });
});
