// Headless runner: `npm run -s cli -- <command> ...` runs the same src/lib code as the app, in Node,
// and prints one JSON object to stdout. Errors go to stderr with exit code 1.
type Command = { run(argv: string[]): Promise<unknown> };

// Each command is a module in ./commands exporting `run(argv)`, loaded only when asked for.
const COMMANDS = ['profile', 'segment', 'churn', 'clv', 'cohorts', 'recommend', 'actions'];

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (!COMMANDS.includes(name)) {
    process.stderr.write(`usage: npm run -s cli -- <${COMMANDS.join('|')}> ...\n`);
    process.exit(2);
  }
  if (name !== 'profile') {
    // Models run on tfjs; in Node that is its pure-JS cpu backend.
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
  }
  const command = (await import(`./commands/${name}.ts`)) as Command;
  const result = await command.run(rest);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
