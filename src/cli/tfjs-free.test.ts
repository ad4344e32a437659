// The commands main.ts starts without tfjs must not reach it through any import (static, re-export or a
// literal dynamic import): walked from each command's file over the source tree, as the bundler would.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TFJS_FREE_COMMANDS } from './tfjs-free';

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const f of [base, `${base}.ts`, `${base}/index.ts`]) if (existsSync(f) && !f.endsWith('/') && /\.(ts|js|mjs)$/.test(f)) return f;
  return null;
}

/** Every package a file reaches through its local imports. */
function packagesReached(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) {
        const f = resolveLocal(file, spec);
        if (f) stack.push(f);
      } else packages.add(spec);
    }
  }
  return packages;
}

describe('CLI commands started without tfjs', () => {
  it('lifecycle, sbg, cox and cohorts are among them', () => {
    for (const c of ['lifecycle', 'sbg', 'cox', 'cohorts']) expect(TFJS_FREE_COMMANDS).toContain(c);
  });

  it.each(TFJS_FREE_COMMANDS)('%s reaches no @tensorflow package', (name) => {
    const reached = [...packagesReached(resolve(__dirname, 'commands', `${name}.ts`))];
    expect(reached.filter((p) => p.startsWith('@tensorflow'))).toEqual([]);
  });

  it('the walk does find tfjs where it is imported (churn)', () => {
    expect([...packagesReached(resolve(__dirname, 'commands', 'churn.ts'))].some((p) => p.startsWith('@tensorflow'))).toBe(true);
  });
});
