// Churn modelling: cross-validated model choice, refit, scoring, reasons and the saved-model format.
export { trainChurn, riskiest, type ChurnResult, type ChurnEvaluation, type LeaderboardRow } from './train';
export { defaultChurnOptions, resolveChurnOptions, type ChurnOptions } from './options';
export { crossValidate, type CvOptions, type CvResult, type ModelCv } from './cross-validate';
export { MODEL_KINDS, MODEL_NAMES, checkModelKind, trainModel, predictModel, modelLogits, type ModelKind, type ModelOptions, type TrainedModel } from './registry';
export { permutationImportanceCv, splitGainByColumn, isRealImportance, noiseReason, REAL_IMPORTANCE, type ColumnImportance } from './importance';
export { topReasons, reasonsFromShap, explainTableRows, describeValue, valueText, typicalText, reasonTexts, NO_STANDOUT, DEFAULT_REASON_RULE, type Reason, type ReasonRule } from './reasons';
export { shapValues, shapValuesSync, shapOfRows, shapOfRowsSync, shapMethod, shapRowBudget, backgroundRows, SHAP_BACKGROUND, type ShapValues, type ShapMethod, type ShapOptions } from './shap';
export { BAND_NAMES, riskThresholds, assignBands, defaultBandOptions, type RiskBand, type RiskThresholds, type BandOptions } from './bands';
export { calibrationSummary, calibrationReport, applyCalibrator, expectedCalibrationError, type Calibrator, type CalibrationReport, type CalibrationSummary, type CalibrationMethod } from './calibrate';
export { SAVED_FORMAT, scoreTable, checkSavedModel, type SavedChurnModel, type Scores, type ScoreOptions } from './saved';
