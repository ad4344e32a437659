// A helper thread for the wasm k-means kernel: spawned by a compute worker, it runs row ranges on
// that worker's shared WebAssembly memory (see src/lib/models/kmeans/lloyd-wasm.ts).
// First: no code of this worker may reach the network (see no-network.ts).
import './no-network';
import { expose } from 'comlink';
import { kernelHelper } from '../src/lib/models/kmeans/lloyd-wasm';

expose(kernelHelper());
