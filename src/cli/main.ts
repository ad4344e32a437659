// Headless runner: `npm run -s cli -- <command> ...` runs the same src/lib code as the app, in Node,
// and prints one JSON object to stdout. Errors go to stderr with exit code 1 (2 for an unknown command).
// `<command> --help` prints the command's flags (its CommandSpec) to stdout.
import { HelpRequest, helpText, type CommandSpec } from './args';
import { TFJS_FREE_COMMANDS } from './tfjs-free';

type Command = { spec: CommandSpec; run(argv: string[]): Promise<unknown> };

// Each command is a module in ./commands exporting `spec` (its flags) and `run(argv)`, loaded only when asked for.
const COMMANDS = ['profile', 'segment', 'churn', 'backtest', 'score', 'clv', 'cohorts', 'recommend', 'actions', 'satisfaction', 'uplift', 'sbg', 'lifecycle', 'cox'];

const USAGE = `usage: npm run -s cli -- <${COMMANDS.join('|')}> ... (<command> --help lists its options)`;

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!COMMANDS.includes(name)) {
    process.stderr.write(`${name === undefined ? '' : `Unknown command "${name}". `}${USAGE}\n`);
    process.exit(2);
  }
  const command = (await import(`./commands/${name}.ts`)) as Command;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpText(command.spec) + '\n');
    return;
  }
  if (!TFJS_FREE_COMMANDS.includes(name)) {
    // Models run on tfjs; in Node that is its pure-JS cpu backend.
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
  }
  const result = await command.run(rest);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err: unknown) => {
  if (err instanceof HelpRequest) {
    process.stdout.write(err.message + '\n');
    return;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
