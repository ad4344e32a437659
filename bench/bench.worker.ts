// Model benchmarks run in a worker, as the app's models do (and tfjs-wasm's threads need a worker bundle).
import { expose } from 'comlink';
import * as models from './models';
import * as figures from './figures';

expose({ ...models, ...figures });
