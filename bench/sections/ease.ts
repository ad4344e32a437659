// `npm run bench -- ease-9724`: EASE at lambda 250 on a seeded 610 users x 9,724 items x ~100,000
// interactions ratings file with power-law item popularity. (a) our SPD inverse of the 9,724^2 Gram + 250 I
// on the wasm SIMD kernel with the page's kernel helpers, and (b) EASE as the app fits it, both against
// NumPy's linalg.inv of the same matrix timed in Python in the same run (Debian NumPy, OpenBLAS).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EaseFigures } from '../figures/ease';
import type { BenchSection, Row } from '../rows';
import { withReference } from '../rows';
import { mulberry32 } from '../../src/lib/random';

const USERS = 610;
const ITEMS = 9_724;
const LAMBDA = 250;

/** The ratings file: every user gets 164 distinct items, item i drawn with weight ~ (i + 1)^-0.5 (power law). */
function ratingsFile(work: string): string {
  const file = path.join(work, 'ease-9724.csv');
  if (existsSync(file)) return file;
  mkdirSync(work, { recursive: true });
  const rng = mulberry32(9724);
  const perUser = Math.round(100_000 / USERS);
  const out = ['user,item'];
  const seen = new Set<number>();
  for (let u = 0; u < USERS; u++) {
    seen.clear();
    while (seen.size < perUser) seen.add(Math.min(ITEMS - 1, Math.floor(ITEMS * rng() ** 2)));
    for (const i of seen) out.push(`${u},${i}`);
  }
  // Every item appears at least once, so the catalogue is exactly 9,724 items.
  for (let i = 0; i < ITEMS; i++) out.push(`${i % USERS},${i}`);
  writeFileSync(file, Array.from(new Set(out)).join('\n') + '\n');
  return file;
}

const NUMPY = `
import sys, time, numpy as np
d = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, dtype=np.int64)
x = np.zeros((d[:, 0].max() + 1, d[:, 1].max() + 1))
x[d[:, 0], d[:, 1]] = 1
g = x.T @ x + float(sys.argv[2]) * np.eye(x.shape[1])
t = time.perf_counter()
p = np.linalg.inv(g)
print(time.perf_counter() - t, p[0, 0])
`;

export const easeSection: BenchSection = {
  name: 'ease-9724',
  async run(ctx) {
    const file = ratingsFile(ctx.work);
    const link = path.join(ctx.dataDir, 'ease-9724.csv');
    if (!existsSync(link)) symlinkSync(file, link);
    // Ours first, then NumPy (which does not need the served file).
    const r = (await ctx.page.evaluate(`window.rlBench.call('easeFigures', '/bench-data/ease-9724.csv', ${LAMBDA})`)) as EaseFigures;
    const [npSeconds, npP00] = execFileSync('/usr/bin/python3', ['-c', NUMPY, file, String(LAMBDA)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split(/\s+/).map(Number);
    const agree = Math.abs(r.p00 - npP00) / Math.abs(npP00);
    const shape = `${r.users} x ${r.items}, ${r.interactions} interactions; ${r.helpers} kernel helper(s) + the worker; float64, ${r.fused ? 'fused multiply-add (relaxed SIMD)' : 'plain SIMD (no relaxed SIMD here)'} kernel; P[0][0] agrees with NumPy to ${agree.toExponential(1)}`;
    const target = `<= NumPy (stretch 0.5x)`;
    const inverse: Row = { benchmark: 'ease-9724: SPD inverse 9,724^2 (wasm kernel)', value: r.inverseSeconds, unit: 's', target, pass: r.inverseSeconds <= npSeconds, backend: 'wasm-simd', note: shape };
    const fit: Row = { benchmark: 'ease-9724: EASE fit as the app runs it (lambda 250)', value: r.fitSeconds, unit: 's', target, pass: r.fitSeconds <= npSeconds, backend: 'wasm-simd', note: 'fitModel: the dual form when users are well below items (ease-path.ts), else the wasm kernel' };
    return [withReference(inverse, npSeconds, 'NumPy linalg.inv of the same matrix (OpenBLAS)', 'time'), withReference(fit, npSeconds, 'NumPy linalg.inv of the same matrix (OpenBLAS)', 'time')];
  },
};
