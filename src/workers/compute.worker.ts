// Compute worker: models on TensorFlow.js (webgpu, wasm or cpu, as the engine measured) and typed arrays.
import { expose } from 'comlink';
import type { ComputeApi } from '../contract';
import { clvApi } from './compute/clv';
import { engineApi } from './compute/engine';

const api: ComputeApi = {
  ...engineApi,
  ...clvApi,
};

expose(api);
