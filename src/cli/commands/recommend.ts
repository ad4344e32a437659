// `recommend`: offline comparison of recommenders on an interactions file.
//   recommend <file> --user U --item I [--time T] [--value V] [--protocol leave-last-out|random]
//       [--model auto|popularity|itemknn|ease|als | --models itemknn,ease,als] [--metric ndcg|hr|map|recall|precision]
//       [--pin MODEL] [--k 10] [--weighting binary|count|log]
//       [--half-life DAYS] [--seed 42] [--budget 120] [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
// `auto` tunes every model on a validation split of the training data and picks the best there;
// `--models` compares default settings and picks the best on the test split; `--model X` serves X.
// The pick is the app's (chooseServedModel), so `model` matches what the Recommendations page serves.
import * as tf from '@tensorflow/tfjs';
import { flagList, flagNumber, flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import type { RecommendRequest } from '../../contract/recommend';
import { DEFAULT_BUDGET_SECONDS } from '../../lib/models/recommend/auto';
import { parseRankingMetric } from '../../lib/models/recommend/choose';
import type { WeightScheme } from '../../lib/models/recommend/interactions';
import { eventsOf, evaluateModels } from '../../lib/recommend';
import { parseModelName } from '../../lib/models/recommend/models';
import { setEaseThreads } from '../../lib/models/recommend/ease';
import { setAlsThreads } from '../../lib/models/recommend/als';
import { nodeKernelThreads } from '../kernel-threads';
import type { ModelName } from '../../lib/models/recommend/scorer';
import type { Protocol } from '../../lib/models/recommend/split';

export const spec: CommandSpec = {
  name: 'recommend',
  usage: '<file> --user U --item I [options]',
  summary: 'Offline comparison of recommenders on an interactions file; `model` is the one the Recommendations page would serve.',
  flags: [
    { name: 'user', kind: 'string', value: 'COL', help: 'the user (customer) column (required)' },
    { name: 'item', kind: 'string', value: 'COL', help: 'the item (product) column (required)' },
    { name: 'time', kind: 'string', value: 'COL', help: 'the time column: leave-last-out split and recency weighting' },
    { name: 'value', kind: 'string', value: 'COL', help: 'a value column (rating, quantity) for the weighting' },
    { name: 'model', kind: 'string', value: 'auto|popularity|itemknn|ease|als', help: 'serve this model, or auto: tune every model, serve the best (default auto)' },
    { name: 'models', kind: 'list', value: 'itemknn,ease,als', help: 'compare these at default settings (with popularity), serve the best on the test split' },
    { name: 'metric', kind: 'string', value: 'ndcg|hr|map|recall|precision', help: 'the metric that picks the model (default ndcg)' },
    { name: 'pin', kind: 'string', value: 'MODEL', help: 'serve this one of the evaluated models whatever the scores' },
    { name: 'protocol', kind: 'string', value: 'leave-last-out|random', help: 'how the test split is made (default leave-last-out with --time, else random)' },
    { name: 'k', kind: 'number', help: 'list length for the @K metrics (default 10)' },
    { name: 'weighting', kind: 'string', value: 'binary|count|log', help: 'how repeated interactions count (default binary)' },
    { name: 'half-life', kind: 'number', value: 'DAYS', help: 'with --time: older interactions count less, halving every DAYS' },
    { name: 'seed', kind: 'number', help: 'random seed (default 42)' },
    { name: 'budget', kind: 'number', value: 'SECONDS', help: 'with auto: time budget; tuning stops and the best found so far serves (default 120)' },
  ],
};

export async function run(argv: string[]) {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const user = requireFlag(args, 'user');
  const item = requireFlag(args, 'item');
  const time = flagString(args, 'time');
  const value = flagString(args, 'value');
  const modelFlag = flagString(args, 'model') ?? 'auto';
  const requested: ModelName | 'auto' = modelFlag === 'auto' ? 'auto' : parseModelName(modelFlag);
  const list = flagList(args, 'models')?.map(parseModelName).filter((m): m is Exclude<ModelName, 'popularity' | 'blend'> => m !== 'popularity');
  if (list && flagString(args, 'model') !== undefined) throw new Error('Give --model or --models, not both');
  const metric = parseRankingMetric(flagString(args, 'metric') ?? 'ndcgAtK');
  // One named model is the user's pick: it serves whatever the baseline scores.
  const pinned = flagString(args, 'pin') ?? (requested === 'auto' || list ? undefined : requested);
  const protocol = (flagString(args, 'protocol') ?? (time === undefined ? 'random' : 'leave-last-out')) as Protocol;
  if (protocol !== 'leave-last-out' && protocol !== 'random') throw new Error(`--protocol must be leave-last-out or random, got "${protocol}"`);
  const k = flagNumber(args, 'k', 10);
  const scheme = (flagString(args, 'weighting') ?? 'binary') as WeightScheme;
  const halfLife = flagString(args, 'half-life');
  const { table } = await loadTable(file, loadOptions(args));
  const models = list ?? (requested === 'auto' ? (['itemknn', 'ease', 'als'] as const) : requested === 'popularity' ? [] : [requested]);
  const tune = requested === 'auto' && !list;
  // The app's comparison (src/lib/recommend), with the CLI's protocol, weighting and tuning metric as given.
  const request: RecommendRequest = { datasetId: file, customer: user, item, date: time, value, weighting: scheme, k, models: [...models], auto: tune, seed: flagNumber(args, 'seed', 42), metric, pinned, budgetSeconds: flagNumber(args, 'budget', DEFAULT_BUDGET_SECONDS) };
  const halfLifeDays = halfLife === undefined ? undefined : flagNumber(args, 'half-life', NaN);
  const events = eventsOf(table, request);
  setEaseThreads(() => nodeKernelThreads());
  setAlsThreads(() => nodeKernelThreads());
  const evaluation = await evaluateModels(events, request, { backend: tf.getBackend(), protocol, weighting: { scheme, halfLifeDays }, tuneMetric: metric });
  if (pinned && !evaluation.rows.some((r) => r.model === pinned)) throw new Error(`--pin ${pinned}: not among the evaluated models (${evaluation.rows.map((r) => r.model).join(', ')})`);
  const out: Record<string, Record<string, number>> = {};
  for (const r of evaluation.rows) {
    out[r.model] = {
      hrAtK: r.hrAtK,
      ndcgAtK: r.ndcgAtK,
      precisionAtK: r.precisionAtK,
      recallAtK: r.recallAtK,
      mapAtK: r.mapAtK,
      coverage: r.coverage,
      trainSeconds: r.trainSeconds,
    };
  }
  return {
    users: events.userIds.length,
    items: events.itemIds.length,
    interactions: events.user.length,
    k,
    model: evaluation.choice.model,
    models: out,
    backend: tf.getBackend(),
    ...(evaluation.notes.length > 0 ? { notes: evaluation.notes } : {}),
  };
}
