// Evaluation metrics for binary scores: typed arrays or plain arrays in, plain numbers/arrays out.
export { rocAuc, rocCurve, type RocCurve } from './roc';
export { prCurve, averagePrecision, type PrCurve } from './pr';
export { logLoss, brierScore } from './loss';
export { calibrationCurve, type CalibrationBin, type CalibrationStrategy } from './calibration';
export { confusionAt, type Confusion } from './confusion';
export { gainsCurve, liftCurve, type GainsCurve, type LiftCurve, type GainsRow } from './gains';
export { foldCount, stratifiedKFold } from './kfold';
export {
  permutationImportance,
  type PermutationImportance,
  type PermutationOptions,
  type PermutationMetric,
} from './permutation';
export { createRng, permutation, shuffleInPlace } from '../random';
