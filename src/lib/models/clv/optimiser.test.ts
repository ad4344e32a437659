import { describe, expect, it } from 'vitest';
import { bfgs, minimizeMultiStart, numericGradient, type ValueAndGradient } from './optimiser';

// Rosenbrock: a narrow curved valley, minimum 0 at (1, 1).
const rosenbrock: ValueAndGradient = (x, g) => {
  const [a, b] = x;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('bfgs', () => {
  it('finds the Rosenbrock minimum', () => {
    const r = bfgs(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.iterations).toBeLessThan(100);
  });

  it('minimises a quadratic in 4 dimensions', () => {
    const centre = [1, -2, 3, 0.5];
    const fg: ValueAndGradient = (x, g) => {
      let f = 0;
      for (let i = 0; i < 4; i++) {
        const d = x[i] - centre[i];
        f += (i + 1) * d * d;
        g[i] = 2 * (i + 1) * d;
      }
      return f;
    };
    const r = bfgs(fg, [0, 0, 0, 0]);
    centre.forEach((c, i) => expect(r.x[i]).toBeCloseTo(c, 8));
  });

  it('backs off from steps where the objective is not finite', () => {
    // exp blows up to the right; the minimum of exp(x) - 2x is at log 2.
    const fg: ValueAndGradient = (x, g) => {
      g[0] = Math.exp(x[0]) - 2;
      return x[0] > 5 ? NaN : Math.exp(x[0]) - 2 * x[0];
    };
    const r = bfgs(fg, [-20], { maxStep: 100 });
    expect(r.x[0]).toBeCloseTo(Math.LN2, 7);
  });

  it('rejects bad options and non-finite starts, naming the value', () => {
    expect(() => bfgs(rosenbrock, [0, 0], { maxIterations: 0 })).toThrow('maxIterations must be > 0, got 0');
    expect(() => bfgs(() => NaN, [3, 4])).toThrow('[3, 4]');
  });
});

describe('minimizeMultiStart', () => {
  it('keeps the best of several local minima', () => {
    // Two wells: x = -1 (value 0) and x = 2 (value -1).
    const fg: ValueAndGradient = (x, g) => {
      const a = (x[0] + 1) ** 2;
      const b = (x[0] - 2) ** 2 - 1;
      const useA = a < b;
      g[0] = useA ? 2 * (x[0] + 1) : 2 * (x[0] - 2);
      return useA ? a : b;
    };
    const r = minimizeMultiStart(fg, [[-1.5], [3]]);
    expect(r.x[0]).toBeCloseTo(2, 6);
    expect(r.value).toBeCloseTo(-1, 10);
    expect(r.starts).toBe(2);
    expect(() => minimizeMultiStart(fg, [])).toThrow('got 0');
  });

  it('numericGradient agrees with the analytic Rosenbrock gradient', () => {
    const g = new Float64Array(2);
    rosenbrock(Float64Array.from([0.3, 0.7]), g);
    const num = numericGradient((x) => rosenbrock(x, new Float64Array(2)), [0.3, 0.7]);
    expect(num[0]).toBeCloseTo(g[0], 5);
    expect(num[1]).toBeCloseTo(g[1], 5);
  });
});
