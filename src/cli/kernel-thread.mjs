// One Node helper thread for our WebAssembly kernels (see kernel-threads.ts). Plain .mjs so a worker_thread can
// start it with no TypeScript loader in place (under vitest the parent's loader is not inherited); it loads
// the same threadHelper() the browser's kernel workers run through tsx's import API.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { threadHelper } = await tsImport('../lib/engine/threads.ts', import.meta.url);
const helper = threadHelper();

parentPort.on('message', ({ id, method, args }) => {
  try {
    parentPort.postMessage({ id, result: helper[method](...args) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
