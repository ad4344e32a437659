// Lloyd's algorithm on plain typed arrays, float64, one fused pass per iteration: no tensor
// overhead, so it wins on the tfjs cpu backend and for small data (see kmeans.ts for the choice).
import type { Matrix } from './matrix';
import type { LloydOptions, LloydResult } from './lloyd-common';
import { assign, assignAccumulate, finishIteration, relocateEmpty } from './lloyd-common';

export function lloydTyped(x: Matrix, init: Float64Array, k: number, opts: LloydOptions): LloydResult {
  const n = x.rows;
  const d = x.cols;
  let centres: Float64Array = init.slice();
  const labels = new Int32Array(n).fill(-1);
  const minDist = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let iterations = 0;
  let strict = false;
  let converged = false;
  for (let it = 0; it < opts.maxIter; it++) {
    iterations++;
    const changed = assignAccumulate(x, centres, k, labels, minDist, sums, counts);
    const moved = relocateEmpty(x, labels, minDist, sums, counts);
    const step = finishIteration(sums, counts, centres, d, it, changed, moved, opts);
    centres = step.centres;
    if (step.stop) {
      converged = true;
      strict = step.stop === 'stable';
      break;
    }
  }
  if (!strict) assign(x, centres, k, labels, minDist);
  return { centres, labels, iterations, converged };
}
