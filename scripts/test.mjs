// `npm test`: svelte-check, the workers' tsc, ESLint and the app build for the e2e tests run side by side, then
// Vitest. Each of the four is mostly one core's work; one after another they took about 1.5 minutes on 2 cores
// (svelte-check 47 s, ESLint 39 s and the build 17 s of CPU each), side by side about half that. A failed check
// still stops the run before any test, as `check && lint && vitest` did. Arguments go to `vitest run`.
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const outDir = process.env.E2E_OUT ?? 'tmp/e2e-dist';
const projectArgs = args.flatMap((a, i) => (a === '--project' ? [args[i + 1]] : a.startsWith('--project=') ? [a.slice(10)] : []));
// The build serves only the e2e project (tests/e2e/setup.ts skips its own build when E2E_BUILT names its folder).
const needsBuild = projectArgs.length === 0 || projectArgs.includes('e2e');

const steps = [
  ['svelte-check', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--threshold', 'warning']],
  ['tsc -p workers', ['tsc', '-p', 'workers', '--noEmit']],
  ['eslint', ['eslint', '.']],
  ...(needsBuild ? [['build for e2e', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir']]] : []),
];

/** Runs `npx`-style a binary from node_modules/.bin; resolves with its exit code and its output, kept whole. */
function run(name, [bin, ...rest], opts = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(`node_modules/.bin/${bin}`, rest, { stdio: opts.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const chunks = [];
    child.stdout?.on('data', (d) => chunks.push(d));
    child.stderr?.on('data', (d) => chunks.push(d));
    child.on('error', (e) => chunks.push(Buffer.from(String(e))));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString();
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const failed = code !== 0;
      // Each step's output comes out whole, when it ends: four interleaved streams would be unreadable.
      if (!opts.inherit) {
        if (failed || output.trim()) process.stdout.write(output.endsWith('\n') || !output ? output : output + '\n');
        console.log(`[test] ${name}: ${failed ? `FAILED (${signal ?? `exit ${code}`})` : 'ok'} in ${seconds} s`);
      }
      resolve(failed ? (code ?? 1) : 0);
    });
  });
}

const codes = await Promise.all(steps.map(([name, cmd]) => run(name, cmd)));
if (codes.some((c) => c !== 0)) process.exit(1);
const env = needsBuild ? { ...process.env, E2E_BUILT: outDir } : process.env;
process.exit(await run('vitest', ['vitest', 'run', ...args], { inherit: true, env }));
