// Scoring where the data lives: a saved churn model as SQL, and its card and pipeline as JSON.
export { exportScoringSql, sqlNumber, ROW_NUMBER_COLUMN, type SqlExportOptions } from './export';
export { pipelineJson, PIPELINE_JSON_FORMAT } from './pipeline-json';
export { SQL_DIALECTS, DIALECTS, dialectOf, type SqlDialect, type Dialect } from './dialect';
