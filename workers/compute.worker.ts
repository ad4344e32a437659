// Compute worker: models on TensorFlow.js (webgpu, wasm or cpu, as the engine measured) and typed arrays.
// Each capability's functions live in ./compute/<name>.ts; this file only joins them.
// First: no code of this worker may reach the network (see no-network.ts).
import './no-network';
import { expose } from 'comlink';
import type { ComputeApi } from '../src/contract';
import { actionsApi } from './compute/actions';
import { churnApi } from './compute/churn';
import { backtestApi } from './compute/backtest';
import { churnTreeApi } from './compute/churn-tree';
import { churnShapApi } from './compute/churn-shap';
import { churnExportApi } from './compute/churn-export';
import { clvApi } from './compute/clv';
import { coxApi } from './compute/cox';
import { engineApi } from './compute/engine';
import { lifecycleApi } from './compute/lifecycle';
import { monitorApi } from './compute/monitor';
import { recommendApi } from './compute/recommend';
import { satisfactionApi } from './compute/satisfaction';
import { sbgApi } from './compute/sbg';
import { segmentApi } from './compute/segment';
import { upliftApi } from './compute/uplift';

const api: ComputeApi = {
  ...engineApi,
  ...segmentApi,
  ...churnApi,
  ...backtestApi,
  ...churnTreeApi,
  ...churnShapApi,
  ...churnExportApi,
  ...clvApi,
  ...recommendApi,
  ...actionsApi,
  ...satisfactionApi,
  ...monitorApi,
  ...upliftApi,
  ...sbgApi,
  ...lifecycleApi,
  ...coxApi,
};

expose(api);
