// `score <file> --model model.json [--previous scores.csv] [--out scores.csv] [--id COL]` plus the file
// flags: scores a customer file with a saved churn model (from `churn ... --save-model`), and with
// --previous compares it with an earlier scoring as the app's churn monitor does (who crossed into the
// high band, score PSI, PSI per model input column). --out writes this scoring as the next --previous.
import { readFile, writeFile } from 'node:fs/promises';
import { flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { bandCounts, scoreWithModel } from '../../lib/churn';
import { compareScorings } from '../../lib/churn/monitor';
import { scoringCsv, scoringFromTable, SCORING_COLUMNS } from '../../lib/churn/monitor-csv';
import type { ColumnType } from '../../lib/data/table';
import { checkSavedModel, type SavedChurnModel } from '../../lib/models/churn';

export interface ScoreOutput {
  rows: number;
  scored: number;
  bands: { high: number; medium: number; low: number };
  crossedIntoHigh?: number;
  leftHigh?: number;
  psi?: number;
  drift?: { feature: string; psi: number }[];
}

export const spec: CommandSpec = {
  name: 'score',
  usage: '<file> --model model.json [options]',
  summary: 'Scores a customer file with a saved churn model; with --previous, compares it with an earlier scoring (crossings into the high band, PSI).',
  flags: [
    { name: 'model', kind: 'string', value: 'FILE', help: 'the saved churn model (churn ... --save-model FILE) (required)' },
    { name: 'previous', kind: 'string', value: 'FILE', help: 'an earlier scoring written by score --out: compare with it' },
    { name: 'out', kind: 'string', value: 'FILE', help: 'write this scoring (customer, probability, band, the model\'s input columns) for a later --previous' },
    { name: 'id', kind: 'string', value: 'COL', help: 'the customer id column (default: the first id-like column)' },
  ],
};

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

export async function readSavedModel(file: string): Promise<SavedChurnModel> {
  let saved: SavedChurnModel;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as SavedChurnModel;
  } catch (e) {
    throw new Error(`Cannot read the model ${file}: ${(e as Error).message}`);
  }
  checkSavedModel(saved);
  return saved;
}

export async function run(argv: string[]): Promise<ScoreOutput> {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const saved = await readSavedModel(requireFlag(args, 'model'));
  const { table } = await loadTable(file, loadOptions(args));
  const idFlag = flagString(args, 'id');
  if (idFlag && !table.columns.some((c) => c.name === idFlag)) throw new Error(`--id: no column "${idFlag}" in ${file}`);
  const idColumn = idFlag ?? table.columns.find((c) => c.type === 'id')?.name ?? null;
  // The app's scoring path: the same function the worker calls for a saved model.
  const outcome = await scoreWithModel(saved, table, { datasetId: file, datasetVersion: 1, datasetName: file, idColumn });
  const { scores } = outcome;
  const counts = bandCounts(scores.band);
  const output: ScoreOutput = { rows: table.rows, scored: scores.customers.length, bands: { high: counts[2], medium: counts[1], low: counts[0] } };
  const previousFile = flagString(args, 'previous');
  if (previousFile) {
    // Ids and categorical inputs stay text whatever they look like, as they were written.
    const types: Record<string, ColumnType> = { [SCORING_COLUMNS[0]]: 'id', [SCORING_COLUMNS[2]]: 'category' };
    for (const s of saved.pipeline.steps) if (s.kind === 'categorical') types[s.column] = 'category';
    const previous = scoringFromTable(saved, (await loadTable(previousFile, { types })).table);
    const c = compareScorings(previous, saved, table, scores);
    Object.assign(output, { crossedIntoHigh: c.crossedIntoHigh, leftHigh: c.leftHigh, psi: round(c.psi), drift: c.drift.map((d) => ({ feature: d.feature, psi: round(d.psi) })) });
  }
  const out = flagString(args, 'out');
  if (out) await writeFile(out, scoringCsv(saved, table, scores));
  return output;
}
