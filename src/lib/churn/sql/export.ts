// A saved churn model as ONE SQL SELECT over the user's raw table: the cell parsing, the fitted pipeline
// (src/lib/features/churn/pipeline.ts) and the model, then the calibrator and the risk band, so customers
// are scored where their data lives with the app's probabilities (tested against scoreTable in DuckDB).
//
// Exactness: the app scores a Float32Array X (each standardised value rounded to single precision), so
// every standardised feature is written CAST(CAST(<double arithmetic> AS FLOAT) AS DOUBLE): the same
// double arithmetic, the same rounding, then compared and multiplied in double as the app does. Number
// literals are written with an exponent (0.5e0), which both dialects read as DOUBLE (a plain 0.5 is a
// DECIMAL in DuckDB), and JavaScript's shortest round-trip text gives back the same double.
//
// Only value imports that carry no model code: the page can build the SQL without loading tfjs.
import type { ColumnStep, FittedPipeline } from '../../features/churn/pipeline';
import { MISSING_LEVEL } from '../../features/churn/pipeline';
import type { SavedChurnModel } from '../../models/churn/saved';
import type { TrainedModel } from '../../models/churn/registry';
import { MODEL_NAMES } from '../../models/churn/kinds';
import { BAND_NAMES } from '../../models/churn/bands';
import { TIE_BREAK, type Calibrator } from '../../models/churn/calibrate';
import { FOREST_CLIP } from '../../models/forest/predict';
import { BOOLEAN_PAIRS, MISSING_TOKENS } from '../../data/values';
import { dialectOf, type Dialect, type SqlDialect } from './dialect';

export type { SqlDialect } from './dialect';

export interface SqlExportOptions {
  dialect: SqlDialect;
  /** The raw table's name (default 'input'); a dotted name (db.schema.table) is written as given. */
  table?: string;
  /** Column returned as the customer key; without one, the row number (1, 2, ... in table order). */
  key?: string | null;
}

/** The output column that stands for the key when there is none. */
export const ROW_NUMBER_COLUMN = 'row_number';

const SAVED_FORMAT: SavedChurnModel['format'] = 'retention-lab/churn-model';
const DAY_MS = 86_400_000;
/** calibrate.ts clips probabilities to [EPS, 1 - EPS] before taking their log-odds (Platt). */
const CALIBRATION_EPS = 1e-7;
/** gbdt/predict.ts: this threshold sends every present value left. */
const ALL_PRESENT = Number.MAX_VALUE;

/** A DOUBLE literal that reads back as exactly x. */
export function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`Cannot write ${x} as an SQL number`);
  const s = String(x);
  const lit = /e/i.test(s) ? s : `${s}e0`;
  return x < 0 ? `(${lit})` : lit;
}

const comment = (s: string): string => s.replace(/[\r\n]+/g, ' ');

interface Stage {
  name: string;
  /** SELECT list after the key column (after every column of `from` with `star`). */
  columns: string[];
  from: string;
  star?: boolean;
}

function cte(s: Stage): string {
  return `${s.name} AS (\n  SELECT ${s.star ? '*' : 'k'},\n    ${s.columns.join(',\n    ')}\n  FROM ${s.from}\n)`;
}

const TRUE_WORDS = [...new Set(BOOLEAN_PAIRS.map((p) => p[0]))];
const FALSE_WORDS = [...new Set(BOOLEAN_PAIRS.map((p) => p[1]))];

/** The usual spellings of the words (as written, Capitalised, UPPER), matched before any trimming. */
function fastWords(d: Dialect): string {
  const out = new Map<string, number>();
  for (const [yes, no] of BOOLEAN_PAIRS) {
    for (const spell of [(w: string) => w[0].toUpperCase() + w.slice(1), (w: string) => w, (w: string) => w.toUpperCase()]) {
      if (!out.has(spell(yes))) out.set(spell(yes), 1);
      if (!out.has(spell(no))) out.set(spell(no), 0);
    }
  }
  return [...out].map(([w, v]) => `WHEN ${d.string(w)} THEN ${v}`).join(' ');
}

/**
 * Per step: the raw column read as the app's importer reads a cell (src/lib/data/values.ts, importer.ts),
 * `r<g>` in the first stage and `c<g>` in the second: a number, epoch ms or 0/1 (NULL = missing), or for a
 * category the index of its level. Each cast starts from whatever type the column was loaded with (to
 * text first where text is read), so a typed table and an all-text one give the same values.
 */
function readColumns(steps: ColumnStep[], d: Dialect): { raw: string[]; clean: string[] } {
  const raw: string[] = [];
  const clean: string[] = [];
  steps.forEach((s, g) => {
    const col = d.ident(s.column);
    const r = `r${g}`;
    const asText = `CAST(${col} AS ${d.text})`;
    if (s.kind === 'numeric') {
      raw.push(`${d.tryCast(col, 'DOUBLE')} AS ${r}`);
      // finite numbers only: NaN - NaN and inf - inf are not 0 (the app reads "nan" as missing, "inf" as invalid)
      clean.push(`CASE WHEN ${r} - ${r} = 0 THEN ${r} END AS c${g}`);
    } else if (s.kind === 'date') {
      raw.push(`${d.epochMs(d.tryCast(asText, 'TIMESTAMP'))} AS ${r}`);
      clean.push(`CAST(${r} AS DOUBLE) AS c${g}`);
    } else if (s.kind === 'boolean') {
      raw.push(`${asText} AS ${r}`);
      // the app's yes/no words (any accepted pair, any case, trimmed), else a number read as 0 / not 0 (a
      // numeric column). Trimming makes a new string per cell (3x the time of the whole query in DuckDB), so
      // the usual spellings are matched as they are first and only the other cells are trimmed.
      const w = `lower(${d.trim(r)})`;
      const n = d.tryCast(w, 'DOUBLE');
      const words = [...TRUE_WORDS.map((t) => `WHEN ${d.string(t)} THEN 1`), ...FALSE_WORDS.map((t) => `WHEN ${d.string(t)} THEN 0`)];
      clean.push(`CASE ${r} ${fastWords(d)} ELSE CASE ${w} ${words.join(' ')} ELSE CASE WHEN ${n} = 0 THEN 0 WHEN ${n} - ${n} = 0 THEN 1 END END END AS c${g}`);
    } else {
      raw.push(`${asText} AS ${r}`);
      // the level's index; the app's missing spellings (all 4 characters or fewer, none starting with a digit, as
      // isMissingAt asks) take the missing level, or Other, or none (-1), as transformTable does; so does an unseen value.
      // Levels are trimmed text, so a cell equal to one needs no trimming: only the others are trimmed (see above).
      const other = s.other ? s.levels.length : -1;
      const missing = s.levels.indexOf(MISSING_LEVEL) >= 0 ? s.levels.indexOf(MISSING_LEVEL) : other;
      const levels = s.levels.map((l, i) => `WHEN ${d.string(l)} THEN ${i}`).join(' ');
      const tokens = ['', ...MISSING_TOKENS].map((t) => `WHEN ${d.string(t)} THEN ${missing}`).join(' ');
      const t = d.trim(r);
      clean.push(`CASE ${r} ${levels} ELSE CASE ${t} ${levels} ELSE CASE WHEN ${r} IS NULL THEN ${missing} ELSE CASE lower(${t}) ${tokens} ELSE ${other} END END END END AS c${g}`);
    }
  });
  return { raw, clean };
}

/** x0, x1, ...: the columns of the app's feature matrix X, in order (pipeline.features). */
function featureColumns(p: FittedPipeline): string[] {
  const out: string[] = [];
  const add = (expr: string): void => {
    out.push(`${expr} AS x${out.length}`);
  };
  const single = (expr: string): string => `CAST(CAST(${expr} AS FLOAT) AS DOUBLE)`;
  p.steps.forEach((s, g) => {
    const c = `c${g}`;
    if (s.kind === 'categorical') {
      // one-hot on the level index of the clean stage (Other is the index after the levels)
      const width = s.levels.length + (s.other ? 1 : 0);
      for (let i = 0; i < width; i++) add(`CASE WHEN ${c} = ${i} THEN 1e0 ELSE 0e0 END`);
      return;
    }
    if (s.kind === 'boolean') add(`CAST(COALESCE(${c}, ${s.fill}) AS DOUBLE)`);
    else {
      const x = s.kind === 'date' ? `(${sqlNumber(s.referenceDate)} - ${c}) / ${sqlNumber(DAY_MS)}` : c;
      add(single(`(COALESCE(${x}, ${sqlNumber(s.median)}) - ${sqlNumber(s.mean)}) / ${sqlNumber(s.std)}`));
    }
    if (s.indicator) add(`CASE WHEN ${c} IS NULL THEN 1e0 ELSE 0e0 END`);
  });
  if (out.length !== p.features.length) throw new Error(`The pipeline lists ${p.features.length} features but its steps make ${out.length}`);
  return out;
}

interface TreeNodes {
  feature(n: number): number;
  /** null: every present value goes left. */
  threshold(n: number): number | null;
  missingLeft(n: number): boolean;
  left(n: number): number;
  right(n: number): number;
  leaf(n: number): number;
}

/** One tree as nested CASE: a present x goes left when x <= threshold, a missing one as missingLeft says. */
function treeCase(t: TreeNodes, n: number, indent: string): string {
  const f = t.feature(n);
  if (f < 0) return sqlNumber(t.leaf(n));
  const x = `x${f}`;
  const inner = `${indent}  `;
  const L = treeCase(t, t.left(n), inner);
  const R = treeCase(t, t.right(n), inner);
  const th = t.threshold(n);
  if (th === null) return t.missingLeft(n) ? L : `CASE WHEN ${x} IS NULL\n${inner}THEN ${R}\n${inner}ELSE ${L} END`;
  // NULL fails both comparisons, so it takes the ELSE branch: write the test so that ELSE is its side
  return t.missingLeft(n)
    ? `CASE WHEN ${x} > ${sqlNumber(th)}\n${inner}THEN ${R}\n${inner}ELSE ${L} END`
    : `CASE WHEN ${x} <= ${sqlNumber(th)}\n${inner}THEN ${L}\n${inner}ELSE ${R} END`;
}

const sigmoid = (z: string): string => `1e0 / (1e0 + exp(-(${z})))`;

function checkWidth(what: string, got: number, want: number): void {
  if (got !== want) throw new Error(`The ${what} expects ${got} features but the pipeline makes ${want}`);
}

/**
 * Terms added per stage. One long chain of + takes DuckDB time quadratic in its length to plan (500 terms:
 * 1.5 s, as 10 stages of 50: 0.16 s) and past 1,000 it exceeds its expression depth limit, so long sums are
 * carried over stages, each adding the next terms in order: the same additions in the same order as the app.
 */
export const TERMS_PER_STAGE = 40;

interface Sum {
  /** Name of the column holding the finished sum. */
  name: string;
  /** The first summand (an intercept, a bias, the first tree). */
  start: string;
  terms: string[];
}

/** Stages (named prefix1, prefix2, ...) after `from` that compute each sum, in lockstep; the last stage holds them. */
function sumStages(prefix: string, from: string, sums: Sum[]): Stage[] {
  const longest = Math.max(...sums.map((x) => x.terms.length));
  const chunks = Math.max(1, Math.ceil(longest / TERMS_PER_STAGE));
  const stages: Stage[] = [];
  for (let c = 0; c < chunks; c++) {
    const last = c === chunks - 1;
    const columns = sums.map((x) => {
      const acc = c === 0 ? x.start : `${x.name}_${c}`;
      const part = x.terms.slice(c * TERMS_PER_STAGE, (c + 1) * TERMS_PER_STAGE);
      return `${[acc, ...part].join('\n      + ')} AS ${last ? x.name : `${x.name}_${c + 1}`}`;
    });
    // every stage keeps the columns before it (the features the next terms read)
    stages.push({ name: `${prefix}${c + 1}`, columns, from: c === 0 ? from : `${prefix}${c}`, star: true });
  }
  return stages;
}

const lastName = (stages: Stage[]): string => stages[stages.length - 1].name;

function linearStages(intercept: number, weights: ArrayLike<number>): Stage[] {
  const terms = Array.from(weights, (w, j) => `${sqlNumber(w)} * x${j}`);
  return sumStages('linear', 'features', [{ name: 'z', start: sqlNumber(intercept), terms }]);
}

/**
 * The categorical steps' one-hot blocks in X: first feature index, the step (its level index is c<g>) and the
 * width. Exactly one feature of a block is 1 (none for an unseen level without Other), so a sum over the
 * block's products adds exactly one weight, or nothing.
 */
function oneHotBlocks(p: FittedPipeline): { first: number; g: number; width: number }[] {
  const out: { first: number; g: number; width: number }[] = [];
  let j = 0;
  p.steps.forEach((s, g) => {
    if (s.kind === 'categorical') {
      const width = s.levels.length + (s.other ? 1 : 0);
      out.push({ first: j, g, width });
      j += width;
    } else j += s.indicator ? 2 : 1;
  });
  if (j !== p.features.length) throw new Error(`The pipeline lists ${p.features.length} features but its steps make ${j}`);
  return out;
}

/** Stages after `features` that end in `model`, with `p0`, the model's own probability. */
function modelStages(model: TrainedModel, p: FittedPipeline): Stage[] {
  const d = p.features.length;
  switch (model.kind) {
    case 'logistic': {
      checkWidth('logistic model', model.weights.length, d);
      const sum = linearStages(model.intercept, model.weights);
      return [...sum, { name: 'model', columns: [`${sigmoid('z')} AS p0`], from: lastName(sum) }];
    }
    case 'svm': {
      checkWidth('linear SVM', model.weights.length, d);
      // the decision value, then its Platt sigmoid (svm/predict.ts)
      const sum = linearStages(model.intercept, model.weights);
      return [...sum, { name: 'model', columns: [`${sigmoid(`${sqlNumber(model.plattA)} * z + ${sqlNumber(model.plattB)}`)} AS p0`], from: lastName(sum) }];
    }
    case 'gbdt': {
      checkWidth('gradient boosting model', model.features, d);
      const trees = model.trees.map((t) =>
        treeCase(
          {
            feature: (n) => t.feature[n],
            threshold: (n) => (t.threshold[n] === ALL_PRESENT ? null : t.threshold[n]),
            missingLeft: (n) => t.missingLeft[n],
            left: (n) => t.left[n],
            right: (n) => t.right[n],
            leaf: (n) => t.value[n],
          },
          0,
          '      ',
        ),
      );
      const sum = sumStages('trees', 'features', [{ name: 'z', start: sqlNumber(model.baseScore), terms: trees }]);
      return [...sum, { name: 'model', columns: [`${sigmoid('z')} AS p0`], from: lastName(sum) }];
    }
    case 'tree': {
      checkWidth('decision tree', model.features, d);
      const t = model;
      const tree = treeCase({ feature: (n) => t.feature[n], threshold: (n) => t.threshold[n], missingLeft: (n) => t.missingLeft[n] === 1, left: (n) => t.left[n], right: (n) => t.right[n], leaf: (n) => t.value[n] }, 0, '    ');
      return [{ name: 'model', columns: [`${tree} AS p0`], from: 'features' }];
    }
    case 'forest': {
      checkWidth('random forest', model.features, d);
      const trees = model.trees.map((t) =>
        treeCase(
          {
            feature: (n) => t.feature[n],
            // preorder: the left child is the next node; a bin past the last cut sends every present value left
            threshold: (n) => (t.bin[n] < model.cuts[t.feature[n]].length ? model.cuts[t.feature[n]][t.bin[n]] : null),
            missingLeft: (n) => t.missingLeft[n] === 1,
            left: (n) => n + 1,
            right: (n) => t.right[n],
            leaf: (n) => t.value[n],
          },
          0,
          '      ',
        ),
      );
      // forestProbability: 0 + each tree's share in order (0 + first = first), over the tree count, then clipped
      const sum = sumStages('trees', 'features', [{ name: 'z', start: trees[0], terms: trees.slice(1) }]);
      const mean = `z / ${sqlNumber(model.trees.length)}`;
      return [...sum, { name: 'model', columns: [`LEAST(GREATEST(${mean}, ${sqlNumber(FOREST_CLIP)}), ${sqlNumber(1 - FOREST_CLIP)}) AS p0`], from: lastName(sum) }];
    }
    case 'mlp': {
      checkWidth('neural network', model.layers[0]?.inputs ?? -1, d);
      // mlp/predict.ts: a = bias + sum_k in_k * w[k * units + u], ReLU on every layer but the last (one unit: the log-odds)
      // The first layer takes a one-hot block as ONE term, the weight of the row's level (CASE on c<g>), at the
      // block's place: mlpLogits skips zero inputs, so it adds the same weights in the same order, while DuckDB
      // evaluates a third of the products (telco: 42 inputs, 20 terms per unit).
      const stages: Stage[] = [];
      const blocks = oneHotBlocks(p);
      const inBlock = new Map<number, { first: number; g: number; width: number }>();
      for (const b of blocks) for (let i = 0; i < b.width; i++) inBlock.set(b.first + i, b);
      let inputs = Array.from({ length: d }, (_, j) => `x${j}`);
      let source = 'features';
      model.layers.forEach((layer, l) => {
        const last = l === model.layers.length - 1;
        if (last && layer.units !== 1) throw new Error(`The neural network's last layer has ${layer.units} units, expected 1`);
        const weight = (k: number, u: number): string => sqlNumber(layer.weights[k * layer.units + u]);
        const term = (x: string, k: number, u: number): string | null => {
          const b = l === 0 ? inBlock.get(k) : undefined;
          if (!b) return `${x} * ${weight(k, u)}`;
          return k === b.first ? `w${b.g}_${u}` : null;
        };
        const sums = Array.from({ length: layer.units }, (_, u): Sum => ({
          name: `a${l + 1}_${u}`,
          start: sqlNumber(layer.bias[u]),
          terms: inputs.map((x, k) => term(x, k, u)).filter((t): t is string => t !== null),
        }));
        // the first layer's lookup tables: per categorical step, the row of each level index (-1: no level, zeros)
        const joins = l > 0 ? [] : blocks.map((b) => {
          const row = (i: number): string => `(${i}, ${Array.from({ length: layer.units }, (_, u) => (i < 0 ? '0e0' : weight(b.first + i, u))).join(', ')})`;
          const names = Array.from({ length: layer.units }, (_, u) => `w${b.g}_${u}`);
          return `\n  JOIN (VALUES ${Array.from({ length: b.width + 1 }, (_, i) => row(i - 1)).join(', ')}) AS m${b.g}(c${b.g}, ${names.join(', ')}) USING (c${b.g})`;
        });
        const sum = sumStages(`layer${l + 1}_`, source + joins.join(''), sums);
        stages.push(...sum);
        const name = last ? 'model' : `relu${l + 1}`;
        const columns = last ? [`${sigmoid(sums[0].name)} AS p0`] : sums.map((x, u) => `GREATEST(0e0, ${x.name}) AS h${l + 1}_${u}`);
        stages.push({ name, columns, from: lastName(sum) });
        inputs = Array.from({ length: layer.units }, (_, u) => `h${l + 1}_${u}`);
        source = name;
      });
      return stages;
    }
    default: {
      const kind = (model as { kind?: unknown }).kind;
      throw new Error(`Cannot write a "${String(kind)}" model as SQL (models: ${Object.keys(MODEL_NAMES).join(', ')})`);
    }
  }
}

/** calibrate.ts applyCalibrator on p0, as `probability`. */
function calibrationStages(c: Calibrator | undefined): Stage[] {
  if (!c || c.method === 'none') return [{ name: 'calibrated', columns: ['p0 AS probability'], from: 'model' }];
  if (c.method === 'platt') {
    return [
      { name: 'clipped', columns: [`LEAST(GREATEST(p0, ${sqlNumber(CALIBRATION_EPS)}), ${sqlNumber(1 - CALIBRATION_EPS)}) AS q`], from: 'model' },
      { name: 'calibrated', columns: [`1e0 / (1e0 + exp(${sqlNumber(c.a)} * ln(q / (1e0 - q)) + ${sqlNumber(c.b)})) AS probability`], from: 'clipped' },
    ];
  }
  const { x, y } = c;
  const last = x.length - 1;
  // interpolate(): flat outside [x0, x_last]; inside, the segment (l, h) with x[l] <= p < x[h], i.e. the first h with p < x[h]
  const whens = [`WHEN p0 <= ${sqlNumber(x[0])} THEN ${sqlNumber(y[0])}`, `WHEN p0 >= ${sqlNumber(x[last])} THEN ${sqlNumber(y[last])}`];
  for (let h = 1; h <= last; h++) {
    const l = h - 1;
    if (x[h] === x[l]) continue;
    whens.push(`WHEN p0 < ${sqlNumber(x[h])} THEN ${sqlNumber(y[l])} + (${sqlNumber(y[h] - y[l])} * (p0 - ${sqlNumber(x[l])})) / ${sqlNumber(x[h] - x[l])}`);
  }
  const iso = `CASE\n      ${whens.join('\n      ')}\n    END`;
  return [{ name: 'calibrated', columns: [`${sqlNumber(1 - TIE_BREAK)} * ${iso} + ${sqlNumber(TIE_BREAK)} * p0 AS probability`], from: 'model' }];
}

/**
 * One SELECT over the raw table `opts.table` (default `input`) returning the key column (or
 * `row_number`), `probability` (equal to scoreTable's) and `risk_band` (low / medium / high). Cells are
 * read as the app's importer reads them: trimmed; the app's missing spellings (empty, NA, null, ?, -,
 * ...) are missing; yes/no, true/false, 1/0 (and the app's other pairs) for flags; plain numbers
 * (currency signs, thousands separators and decimal commas are not read: the cell counts as missing);
 * ISO dates and date-times (YYYY-MM-DD[ HH:MM[:SS]]).
 */
export function exportScoringSql(saved: SavedChurnModel, opts: SqlExportOptions): string {
  if (saved?.format !== SAVED_FORMAT) throw new Error(`Not a saved churn model (format is ${JSON.stringify(saved?.format)}, expected "${SAVED_FORMAT}")`);
  const d = dialectOf(opts.dialect);
  const table = opts.table ?? 'input';
  if (!table.trim()) throw new Error('The table name is empty');
  const key = opts.key ?? null;
  if (key !== null && !key.trim()) throw new Error('The key column name is empty');
  const p = saved.pipeline;
  if (key !== null && p.steps.some((s) => s.column === key)) throw new Error(`The key column "${key}" is a feature of the model; pick the customer id column`);
  if (key === 'probability' || key === 'risk_band') throw new Error(`The key column cannot be named "${key}": the SELECT returns a column of that name`);

  const { raw, clean } = readColumns(p.steps, d);
  const from = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(table) ? table : d.ident(table);
  const stages: Stage[] = [
    { name: 'raw', columns: raw, from },
    { name: 'clean', columns: clean, from: 'raw' },
    // the MLP's first layer also reads the categorical steps' level indices (see modelStages)
    { name: 'features', columns: [...featureColumns(p), ...(saved.model.kind === 'mlp' ? oneHotBlocks(p).map((b) => `c${b.g}`) : [])], from: 'clean' },
    ...modelStages(saved.model, p),
    ...calibrationStages(saved.calibrator),
  ];
  const rawKey = key === null ? d.rowNumber : d.ident(key);
  // the first stage reads the table; `k` (the key) rides along every stage
  const first = `raw AS (\n  SELECT ${rawKey} AS k,\n    ${raw.join(',\n    ')}\n  FROM ${from}\n)`;
  const bands = `CASE WHEN probability >= ${sqlNumber(saved.bands.high)} THEN ${d.string(BAND_NAMES[2])} WHEN probability >= ${sqlNumber(saved.bands.medium)} THEN ${d.string(BAND_NAMES[1])} ELSE ${d.string(BAND_NAMES[0])} END`;
  const header = [
    `-- Churn scoring exported by Retention Lab (${d.name}): ${MODEL_NAMES[saved.model.kind]} trained ${saved.createdAt}, probability of ${saved.target.column} = ${saved.target.positive}.`,
    // The key is read too: a table without it fails, so the header names it with the features.
    `-- Reads ${table} (columns ${[...(key === null ? [] : [`${key} (key)`]), ...p.steps.map((s) => s.column)].join(', ')}); returns ${key ?? ROW_NUMBER_COLUMN}, probability, risk_band (high from ${saved.bands.high}, medium from ${saved.bands.medium}).`,
    `-- ${d.note}`,
    '-- Cells are read as the app reads them: trimmed; empty, NA, null, ?, - are missing; yes/no, true/false, 1/0 for flags; plain numbers; ISO dates.',
  ].map(comment);
  return `${header.join('\n')}\nWITH\n${[first, ...stages.slice(1).map(cte)].join(',\n')}\nSELECT k AS ${d.ident(key ?? ROW_NUMBER_COLUMN)}, probability, ${bands} AS risk_band\nFROM calibrated\n`;
}
