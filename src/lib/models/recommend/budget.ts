// The default time budget of auto, on its own: the page imports it, and importing it from auto.ts pulled every
// model (TensorFlow.js included) into the main thread's bundle (~300 ms of module evaluation at first load).

/** The time budget of auto when the user sets none (page and CLI): 2 minutes. */
export const DEFAULT_BUDGET_SECONDS = 120;
