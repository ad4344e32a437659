// Second line of defence behind the Content-Security-Policy header (scripts/security-headers.mjs): every
// worker entry imports this module FIRST, so before any other code of the worker runs, the network APIs
// refuse any origin but the app's own. Same-origin fetches keep working (tfjs-backend-wasm fetches its
// .wasm files from here, see ./compute/wasm-paths.ts). blob: workers started from this worker (tfjs's
// pthreads) get the same guard as a prelude, since their source is not ours to edit.

/** What a refused call says (tests match on it). */
export const NETWORK_REFUSED = 'network access refused';

/**
 * Installs the guard on a worker's global scope. Self-contained on purpose: its source text is also
 * the prelude of blob: workers (see the Worker wrapper below), so it may use nothing from outside.
 */
export function installNoNetwork(scope: typeof globalThis): void {
  // Loosely typed: it rewrites globals whose types the DOM and worker libs describe differently.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const g = scope as any;
  const marker = Symbol.for('retention-lab.no-network');
  if (g[marker]) return;
  const origin: string = g.location.origin;
  // A blob: URL is not a base for relative URLs; its origin is the creator's.
  const base: string = g.location.protocol === 'blob:' ? `${origin}/` : g.location.href;
  const isOwn = (url: unknown): boolean => {
    try {
      return origin !== 'null' && new URL(String(url), base).origin === origin;
    } catch {
      return false;
    }
  };
  const refused = (what: string, url?: unknown) =>
    // The words of NETWORK_REFUSED, spelt out: this function may not refer to anything outside it.
    new TypeError(`Retention Lab: ${what}${url === undefined ? '' : ` to ${String(url)}`}: network access refused in this worker (data stays on this device)`);
  /** Replace `name` wherever it is defined on the global's prototype chain, so no copy is left to call. */
  const replace = (name: string, value: unknown) => {
    let found = false;
    for (let o = g; o; o = Object.getPrototypeOf(o)) {
      if (Object.prototype.hasOwnProperty.call(o, name)) {
        Object.defineProperty(o, name, { value, writable: false, configurable: false, enumerable: false });
        found = true;
      }
    }
    if (!found) Object.defineProperty(g, name, { value, writable: false, configurable: false });
  };

  const realFetch = g.fetch;
  replace('fetch', function fetch(input: unknown, init?: unknown) {
    const url = typeof input === 'object' && input !== null && 'url' in input ? (input as { url: string }).url : input;
    if (!isOwn(url) || typeof realFetch !== 'function') return Promise.reject(refused('fetch', url));
    return realFetch.call(g, input, init);
  });
  // Nothing here uses these: they refuse outright (Emscripten's XHR path is only a fallback to fetch).
  for (const name of ['XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport']) {
    if (!(name in g)) continue;
    const stub = function () {
      throw refused(name);
    };
    replace(name, stub);
  }
  const realImportScripts = g.importScripts;
  if (typeof realImportScripts === 'function') {
    replace('importScripts', function importScripts(...urls: unknown[]) {
      const foreign = urls.find((u) => !isOwn(u));
      if (foreign !== undefined) throw refused('importScripts', foreign);
      return realImportScripts.apply(g, urls);
    });
  }
  // Nested workers: same-origin scripts import this module themselves; a blob: worker (tfjs's pthreads)
  // starts with this function as a prelude, then loads the original blob.
  const RealWorker = g.Worker;
  if (typeof RealWorker === 'function') {
    const prelude = `(${installNoNetwork.toString()})(self);\n`;
    let preludeUrl: string | null = null;
    const Worker = function Worker(url: string | URL, options?: { type?: string }) {
      if (!new.target) throw new TypeError("Failed to construct 'Worker': Please use the 'new' operator.");
      const href = String(url);
      if (!isOwn(href)) throw refused('Worker', href);
      if (!href.startsWith('blob:')) return new RealWorker(url, options);
      let boot: string;
      if (options?.type === 'module') {
        // Static imports run in order: the guard's module first, then the original.
        preludeUrl ??= URL.createObjectURL(new Blob([prelude], { type: 'text/javascript' }));
        boot = `import ${JSON.stringify(preludeUrl)};\nimport ${JSON.stringify(href)};\n`;
      } else {
        boot = `${prelude}importScripts(${JSON.stringify(href)});\n`;
      }
      return new RealWorker(URL.createObjectURL(new Blob([boot], { type: 'text/javascript' })), options);
    };
    Worker.prototype = RealWorker.prototype;
    replace('Worker', Worker);
  }
  Object.defineProperty(g, marker, { value: true });
}

installNoNetwork(self);
