// The UI thread's first load stays small: models (tfjs) load only in the compute worker.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = process.env.E2E_OUT ?? 'tmp/e2e-dist';

describe('built app', () => {
  it('keeps TensorFlow.js out of the page bundle and the first load under 1.5 MB of JavaScript', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(entry.length).toBeGreaterThan(0);
    // Static imports of the entry chunks load with the page too.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(path.join(dist, file), 'utf8');
      for (const m of code.matchAll(/^import[^'"]*["']\.\/([^'"]+\.js)["']/gm)) visit(`assets/${m[1]}`);
    };
    entry.forEach(visit);
    const bytes = [...seen].reduce((n, f) => n + statSync(path.join(dist, f)).size, 0);
    expect(bytes).toBeLessThan(1.5e6);
    // Minified, tfjs keeps few names: its flag registry's key and its kernel-registry error survive.
    for (const f of seen) expect(readFileSync(path.join(dist, f), 'utf8')).not.toMatch(/tfjs-core|registerKernel\(|tfjsflags|not found in the registry/);
    expect(readdirSync(path.join(dist, 'assets')).some((f) => f.startsWith('compute.worker'))).toBe(true);
  });
});
