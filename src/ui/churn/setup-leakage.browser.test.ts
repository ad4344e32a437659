// The leakage audit in the setup panel: each finding with its reason and a one-click Exclude that unticks
// the column (and "Use it again" that ticks it back); with nothing flagged, the panel says what was checked.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import '../app.css';
import type { ChurnInspection } from '../../contract';
import SetupPanel from './SetupPanel.svelte';
import { setupState } from './test/setup-state.svelte';

const hosts: { app: Record<string, unknown>; host: HTMLElement }[] = [];
afterEach(() => {
  for (const { app, host } of hosts.splice(0)) {
    unmount(app);
    host.remove();
  }
});

function inspection(leakage: ChurnInspection['leakage']): ChurnInspection {
  return {
    rows: 400,
    target: 'Churn',
    values: ['No', 'Yes'],
    label: { positive: 'Yes', negative: 'No', positives: 100, negatives: 300, missing: 0 },
    error: null,
    columns: [
      { name: 'tenure', type: 'integer', excluded: null },
      { name: 'cancel_reason', type: 'category', excluded: null },
    ],
    leakage,
    leakageCutoff: 'the latest date of the linked “Orders”, 2025-06-30',
    idColumn: null,
    notes: [],
  };
}

function show(ins: ChurnInspection) {
  const state = setupState(ins);
  const host = document.body.appendChild(document.createElement('div'));
  const app = mount(SetupPanel, { target: host, props: { state } });
  hosts.push({ app, host });
  flushSync();
  return { state, host };
}

const box = (host: HTMLElement, name: string) => [...host.querySelectorAll<HTMLLabelElement>('label.col')].find((l) => l.textContent?.includes(name))!.querySelector('input')!;

describe('leakage audit in the setup panel', () => {
  it('excludes a flagged column in one click and brings it back', () => {
    const reason = '"cancel_reason" only exists for churned customers: it has a value for 60 of 100 churned (60%) and 0 of 300 other customers (0%)';
    const { state, host } = show(inspection([{ column: 'cancel_reason', kinds: ['only-churned'], reason }]));
    const audit = host.querySelector('[data-testid="churn-leakage-audit"]')!;
    expect(audit.textContent).toContain('Leakage audit: 1 column looks recorded after churn.');
    expect(host.querySelector('[data-testid="churn-leakage"]')!.textContent).toContain(`⚠ ${reason}.`);
    expect(box(host, 'cancel_reason').checked).toBe(true);

    host.querySelector<HTMLButtonElement>('button[aria-label="Exclude cancel_reason"]')!.click();
    flushSync();
    expect(state.excluded).toEqual(['cancel_reason']);
    expect(box(host, 'cancel_reason').checked).toBe(false);
    expect(box(host, 'tenure').checked).toBe(true);
    expect(audit.textContent).toContain('Excluded.');

    [...audit.querySelectorAll('button')].find((b) => b.textContent === 'Use it again')!.click();
    flushSync();
    expect(state.excluded).toEqual([]);
    expect(box(host, 'cancel_reason').checked).toBe(true);
  });

  it('says what it checked when nothing is flagged', () => {
    const { host } = show(inspection([]));
    expect(host.querySelector('[data-testid="churn-leakage-audit"]')!.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Leakage audit: no column alone separates churners (AUC above 0.95), copies the label, exists only for churned customers, or has dates after the latest date of the linked “Orders”, 2025-06-30.',
    );
    expect(host.querySelector('button[aria-label^="Exclude"]')).toBeNull();
  });
});
