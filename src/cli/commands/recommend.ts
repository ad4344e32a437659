// `recommend`: offline comparison of recommenders on an interactions file.
//   recommend <file> --user U --item I [--time T] [--value V] [--protocol leave-last-out|random]
//       [--model auto|popularity|itemknn|ease|als] [--k 10] [--weighting binary|count|log]
//       [--half-life DAYS] [--seed 42] [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
// `auto` tunes every model on a validation split of the training data and picks the best there.
import * as tf from '@tensorflow/tfjs';
import { flagNumber, flagString, parseArgs, requireFlag } from '../args';
import { loadOptions, loadTable } from '../load';
import { compareModels } from '../../lib/models/recommend/auto';
import { eventsFromTable, type WeightScheme } from '../../lib/models/recommend/interactions';
import { parseModelName } from '../../lib/models/recommend/models';
import type { ModelName } from '../../lib/models/recommend/scorer';
import type { Protocol } from '../../lib/models/recommend/split';


export async function run(argv: string[]) {
  const args = parseArgs(argv);
  const file = args.positional[0];
  if (!file) throw new Error('usage: recommend <file> --user U --item I [--time T] [--model auto|popularity|itemknn|ease|als] [--k 10]');
  const user = requireFlag(args, 'user');
  const item = requireFlag(args, 'item');
  const time = flagString(args, 'time');
  const value = flagString(args, 'value');
  const modelFlag = flagString(args, 'model') ?? 'auto';
  const requested: ModelName | 'auto' = modelFlag === 'auto' ? 'auto' : parseModelName(modelFlag);
  const protocol = (flagString(args, 'protocol') ?? (time === undefined ? 'random' : 'leave-last-out')) as Protocol;
  if (protocol !== 'leave-last-out' && protocol !== 'random') throw new Error(`--protocol must be leave-last-out or random, got "${protocol}"`);
  const k = flagNumber(args, 'k', 10);
  const scheme = (flagString(args, 'weighting') ?? 'binary') as WeightScheme;
  const halfLife = flagString(args, 'half-life');
  const { table } = await loadTable(file, loadOptions(args));
  const events = eventsFromTable(table, { user, item, time, value });
  const models = requested === 'auto' ? (['itemknn', 'ease', 'als'] as const) : requested === 'popularity' ? [] : [requested];
  const result = await compareModels(events, {
    k,
    protocol,
    seed: flagNumber(args, 'seed', 42),
    weighting: { scheme, halfLifeDays: halfLife === undefined ? undefined : flagNumber(args, 'half-life', NaN) },
    models: [...models],
    tune: requested === 'auto',
  });
  const out: Record<string, Record<string, number>> = {};
  for (const [name, r] of Object.entries(result.models)) {
    out[name] = {
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
    model: requested === 'popularity' ? 'popularity' : result.chosen,
    models: out,
    backend: tf.getBackend(),
  };
}
