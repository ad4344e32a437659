// Test-only: the part of ChurnPage the setup panel reads, as plain reactive state (no worker, no storage),
// so a browser test can mount the panel with a given inspection and watch what its buttons change.
import type { ChurnInspection } from '../../../contract';
import type { ChurnPage } from '../../../state/churn.svelte';

export function setupState(inspection: ChurnInspection): ChurnPage {
  const s = $state({
    effectiveMode: 'label',
    datasets: [],
    dataset: null,
    target: inspection.target,
    positive: '',
    idColumn: '',
    inspecting: false,
    inspectError: null,
    inspection,
    excluded: [] as string[],
    model: 'auto',
    folds: 5,
    seed: 42,
    canTrain: true,
    run: { progress: null, running: false, cancelled: false, error: null },
    setMode() {},
    setDataset() {},
    setTarget() {},
    setIdColumn() {},
    train() {},
    cancel() {},
    toggleColumn(name: string, include: boolean) {
      s.excluded = include ? s.excluded.filter((c) => c !== name) : [...s.excluded, name];
    },
  });
  return s as unknown as ChurnPage;
}
