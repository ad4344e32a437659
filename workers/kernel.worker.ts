// A helper thread for our WebAssembly kernels: spawned by a compute worker, it runs ranges on that worker's
// shared WebAssembly memory (k-means: src/lib/models/kmeans/lloyd-wasm.ts; others: src/lib/engine/threads.ts).
// First: no code of this worker may reach the network (see no-network.ts).
import './no-network';
import { expose } from 'comlink';
import { kernelHelper } from '../src/lib/models/kmeans/lloyd-wasm';
import { threadHelper } from '../src/lib/engine/threads';

expose({ ...kernelHelper(), ...threadHelper() });
