export { trainLogistic, type LogisticModel } from './train';
export { predictLogistic, logisticLogits } from './predict';
export { defaultLogisticOptions, resolveLogisticOptions, type LogisticOptions, type TrainingData } from './options';
