// Nothing leaves: a second local server on another port, which counts every connection, stands in for
// an outside server. A fetch (and XHR, WebSocket, EventSource, importScripts, import()) to it from the
// page and from every kind of worker (import, compute, a k-means kernel helper, tfjs's blob: pthreads,
// and a blob: worker the test starts in the compute worker as tfjs does) must fail, and the server must
// see nothing. Code runs inside the real workers through the DevTools protocol (playwright's
// Worker.evaluate): the app has no test hook. Also: the CSP and isolation headers are on every
// response, and the header files shipped for static hosts say the same.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Worker as PlaywrightWorker } from 'playwright-core';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../scripts/security-headers.mjs';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const outDir = process.env.E2E_OUT ?? 'tmp/e2e-dist';
const assets = readdirSync(`${outDir}/assets`);
const asset = (re: RegExp) => {
  const name = assets.find((f) => re.test(f));
  if (!name) throw new Error(`no ${re} in ${outDir}/assets`);
  return `/assets/${name}`;
};

// The outside server: answers anything, with CORS and CORP, so that only our defences can stop a request.
let outside: Server;
let outsideUrl = '';
let connections = 0;
const hits: string[] = [];

beforeAll(async () => {
  outside = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': 'text/javascript',
    });
    res.end('export const leaked = true;');
  });
  outside.on('connection', () => connections++);
  outside.on('upgrade', (req, socket) => {
    hits.push(`upgrade ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
  outsideUrl = `http://127.0.0.1:${(outside.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => outside.close(() => resolve()));
});

const s = appSession(baseUrl);

/** What each network API did when aimed at `url`: 'reached' or the error it failed with. */
type Probe = Record<string, string>;

/**
 * Runs in a worker (or the page): waits for the worker's guard, then tries every way out. `own` is a
 * same-origin module, imported to show that import() itself works there, so its failure below is the policy.
 * Self-contained: it is serialised into workers.
 */
async function probe([url, own]: [string, string]): Promise<Probe> {
  const g = self as unknown as Record<string | symbol, unknown>;
  const inWindow = typeof window !== 'undefined';
  const out: Probe = {};
  const deadline = Date.now() + 10_000;
  while (!inWindow && !g[Symbol.for('retention-lab.no-network')] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  out.guard = String(inWindow || !!g[Symbol.for('retention-lab.no-network')]);
  const attempt = async (name: string, f: () => Promise<unknown> | unknown) => {
    try {
      await Promise.race([f(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 5_000))]);
      out[name] = 'reached';
    } catch (e) {
      out[name] = String((e as Error)?.message ?? e);
    }
  };
  await attempt('same-origin fetch', async () => {
    // Absolute: a blob: worker has no base for relative URLs.
    if (!(await fetch(`${location.origin}/manifest.webmanifest`)).ok) throw new Error('not ok');
  });
  await attempt('same-origin import', () => import(/* @vite-ignore */ own));
  await attempt('fetch', () => fetch(`${url}fetch?data=secret`));
  // Any copy of fetch left on the prototype chain would be a way around the guard.
  for (let o: object | null = self; o; o = Object.getPrototypeOf(o)) {
    const f = Object.getOwnPropertyDescriptor(o, 'fetch')?.value;
    if (typeof f === 'function') await attempt(`fetch on ${o.constructor?.name}`, () => f.call(self, `${url}proto-fetch`));
  }
  await attempt('XMLHttpRequest', () => new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('GET', `${url}xhr`);
    x.onload = resolve;
    x.onerror = () => reject(new Error('xhr error'));
    x.send();
  }));
  await attempt('WebSocket', () => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http:', 'ws:')}ws`);
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('websocket error'));
  }));
  await attempt('EventSource', () => new Promise((resolve, reject) => {
    const es = new EventSource(`${url}sse`);
    es.onopen = resolve;
    es.onerror = () => reject(new Error('eventsource error'));
  }));
  if (!inWindow) await attempt('importScripts', () => (self as unknown as { importScripts(u: string): void }).importScripts(`${url}import-scripts.js`));
  // Not wrapped by the guard: only the Content-Security-Policy stops this one.
  await attempt('import()', () => import(/* @vite-ignore */ `${url}dynamic-import.js`));
  return out;
}

// Vitest rewrites import() in this file for Node; the probe must keep the browser's own.
const PROBE = probe.toString().replace(/__vite_ssr_dynamic_import__/g, 'import');
const probeCall = (url: string, own: string) => `(${PROBE})(${JSON.stringify([url, own])})`;

/** The guard's own refusals, and the policy's blocking of import(). */
function expectRefused(result: Probe, where: string): void {
  expect(result.guard, `${where}: the guard is installed`).toBe('true');
  expect(result['same-origin fetch'], `${where}: same-origin fetch works`).toBe('reached');
  expect(result['same-origin import'], `${where}: same-origin import works`).toBe('reached');
  const ways = Object.keys(result).filter((k) => !['guard', 'same-origin fetch', 'same-origin import'].includes(k));
  expect(ways.length).toBeGreaterThanOrEqual(6);
  for (const way of ways) {
    expect(result[way], `${where}: ${way}`).not.toBe('reached');
    expect(result[way], `${where}: ${way}`).not.toBe('timed out');
    if (way !== 'import()') expect(result[way], `${where}: ${way}`).toMatch(/network access refused/);
  }
  expect(hits, `${where}: requests that reached the outside server`).toEqual([]);
  expect(connections, `${where}: connections to the outside server`).toBe(0);
}

async function worker(match: (url: string) => boolean, what: string): Promise<PlaywrightWorker> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const w = s.page.workers().find((x) => match(x.url()));
    if (w) return w;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${what} worker among ${s.page.workers().map((w) => w.url()).join(', ')}`);
}

describe('nothing leaves', () => {
  it('sends the policy and isolation headers with every response', async () => {
    const paths = ['/', '/index.html', asset(/^compute\.worker-.*\.js$/), asset(/^import\.worker-.*\.js$/), asset(/^kernel\.worker-.*\.js$/), asset(/threaded-simd-.*\.wasm$/), '/sw.js', '/no-such-file.js'];
    for (const path of paths) {
      const res = await fetch(new URL(path, baseUrl));
      await res.arrayBuffer();
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${path}: ${name}`).toBe(value);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|\*/);
  });

  it('ships the same headers for static hosts (public/_headers, README nginx snippet)', () => {
    const netlify = readFileSync('public/_headers', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    const nginx = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(netlify).toMatch(/^\/\*$/m);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(netlify, `_headers: ${name}`).toContain(`  ${name}: ${value}\n`);
      expect(nginx, `nginx: ${name}`).toContain(`add_header ${name} "${value}" always;`);
    }
    // The built app carries the file to the host.
    expect(readFileSync(`${outDir}/_headers`, 'utf8')).toBe(netlify);
  });

  it('loads the demo and trains on the WASM backend (threads: blob: pthreads) under the policy', async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo transactions').waitFor({ timeout: 90_000 });
    const chip = s.page.getByTestId('engine-button');
    await chip.click();
    const dialog = s.page.getByRole('dialog', { name: 'Compute engine' });
    await dialog.getByRole('table').waitFor({ timeout: 90_000 });
    const rows = await dialog.locator('tbody tr').allInnerTexts();
    // The threads are tfjs's blob: pthread workers, started under the policy (with the guard as prelude).
    const wasm = rows.find((r) => /^wasm/.test(r));
    expect(wasm).toMatch(/\d+\.\d ms/);
    expect(wasm).toMatch(/threaded build, \d+ thread/);
    expect(s.page.workers().filter((w) => w.url().startsWith('blob:')).length).toBeGreaterThan(0);
    await dialog.getByTestId('engine-override').selectOption('wasm');
    await s.page.waitForFunction(() => document.querySelector('[data-testid=engine-button]')?.textContent?.includes('wasm'));
    await s.page.keyboard.press('Escape');
    await s.page.getByRole('button', { name: 'Segments', exact: true }).click();
    await s.page.getByRole('button', { name: 'Segment customers' }).click();
    await s.page.getByTestId('segment-summary').waitFor({ timeout: 120_000 });
    await expect(s.page.getByText(/wasm-simd kernel, 1 thread \(engine: wasm\)/).count()).resolves.toBe(1);
  });

  it('the page cannot reach another port', async () => {
    const result = await s.page.evaluate<Probe>(probeCall(outsideUrl, asset(/^rolldown-runtime-.*\.js$/)));
    // The page has no guard: its policy alone refuses (with the browser's words, not ours).
    expect(result.fetch).not.toBe('reached');
    for (const way of ['XMLHttpRequest', 'WebSocket', 'EventSource', 'import()']) expect(result[way], way).not.toBe('reached');
    expect(result['same-origin fetch']).toBe('reached');
    expect(hits).toEqual([]);
    expect(connections).toBe(0);
  });

  it('the import worker cannot', async () => {
    // A file's preview starts the import worker (the demo's was let go when it finished).
    await s.page.getByRole('navigation').getByRole('button', { name: 'Data' }).click();
    await s.page.getByTestId('file-input').setInputFiles({ name: 'few.csv', mimeType: 'text/csv', buffer: Buffer.from('id,amount\n1,10\n2,20\n3,30\n') });
    await s.page.getByTestId('import-card').last().getByRole('button', { name: 'Import' }).waitFor();
    const w = await worker((u) => u.includes('/assets/import.worker-'), 'import');
    expectRefused(await w.evaluate<Probe>(probeCall(outsideUrl, asset(/^rolldown-runtime-.*\.js$/))), 'import worker');
  });

  it('the compute worker cannot', async () => {
    const w = await worker((u) => u.includes('/assets/compute.worker-'), 'compute');
    expectRefused(await w.evaluate<Probe>(probeCall(outsideUrl, asset(/^rolldown-runtime-.*\.js$/))), 'compute worker');
  });

  it('a k-means kernel helper cannot', async () => {
    const kernelUrl = asset(/^kernel\.worker-.*\.js$/);
    // The Segments run above started the compute worker's helpers (one per further core); on a
    // one-core machine there are none, so start one the way the compute worker does.
    if (!s.page.workers().some((w) => w.url().endsWith(kernelUrl))) {
      const compute = await worker((u) => u.includes('/assets/compute.worker-'), 'compute');
      await compute.evaluate((url) => {
        (self as unknown as { probeKernel: Worker }).probeKernel = new Worker(url, { type: 'module', name: 'kernel-probe' });
      }, kernelUrl);
    }
    const w = await worker((u) => u.endsWith(kernelUrl), 'kernel');
    expectRefused(await w.evaluate<Probe>(probeCall(outsideUrl, asset(/^rolldown-runtime-.*\.js$/))), 'kernel worker');
  });

  it.each(['classic', 'module'] as const)('a %s blob: worker started by the compute worker cannot (it inherits the policy and gets the guard)', async (type) => {
    const compute = await worker((u) => u.includes('/assets/compute.worker-'), 'compute');
    // A classic one is how tfjs-backend-wasm starts its pthreads.
    const result = await compute.evaluate(async ([source, url, own, type]) => {
      const blob = new Blob([`self.onmessage = async (e) => postMessage(await (${source})(e.data));`], { type: 'text/javascript' });
      const w = new Worker(URL.createObjectURL(blob), { type });
      const answer = new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
      });
      w.postMessage([url, new URL(own, location.href).href]);
      return answer;
    }, [PROBE, outsideUrl, asset(/^rolldown-runtime-.*\.js$/), type] as [string, string, string, WorkerType]);
    expectRefused(result as Probe, `${type} blob: worker`);
  });

  it("tfjs's own blob: pthread workers cannot", async () => {
    // An idle pthread answers; one blocked in a wait would not, so take the first that does.
    const own = new URL(asset(/^rolldown-runtime-.*\.js$/), baseUrl).href;
    let pthread: PlaywrightWorker | undefined;
    for (const w of s.page.workers().filter((x) => x.url().startsWith('blob:'))) {
      const kind = await Promise.race([w.evaluate(() => typeof (self as unknown as { WasmBackendModuleThreadedSimd?: unknown }).WasmBackendModuleThreadedSimd), new Promise((r) => setTimeout(() => r('busy'), 3_000))]);
      if (kind === 'function') {
        pthread = w;
        break;
      }
    }
    expect(pthread, 'an idle tfjs pthread worker').toBeDefined();
    expectRefused(await pthread!.evaluate<Probe>(probeCall(outsideUrl, own)), 'tfjs pthread worker');
  });

  it('made no request that left this machine', () => {
    // The page's attempts above show up as requests the policy then blocked; none reached the server.
    expect(foreignRequests(s.requests, baseUrl).filter((u) => !u.startsWith(outsideUrl) && !u.startsWith(outsideUrl.replace('http:', 'ws:')))).toEqual([]);
    expect(hits).toEqual([]);
    expect(connections).toBe(0);
    // The refusals above are expected in the console (policy violations); nothing else is.
    expect(s.consoleErrors.filter((e) => !/Content Security Policy|network access refused|127\.0\.0\.1:\d+\/(fetch|xhr|ws|sse|dynamic-import|proto-fetch)/.test(e))).toEqual([]);
  });
});
