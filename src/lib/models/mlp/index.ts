export { trainMlp, type MlpModel, type MlpLayer } from './train';
export { predictMlp, mlpLogits } from './predict';
export { defaultMlpOptions, resolveMlpOptions, type MlpOptions } from './options';
