// Headless runner: `npm run -s cli -- <command> ...` runs the same src/lib code as the app, in Node,
// and prints one JSON object to stdout. Errors go to stderr with exit code 1.
type Command = { run(argv: string[]): Promise<unknown> };

const commands: Record<string, () => Promise<Command>> = {
  profile: () => import('./commands/profile'),
  segment: () => import('./commands/segment'),
  churn: () => import('./commands/churn'),
  clv: () => import('./commands/clv'),
  cohorts: () => import('./commands/cohorts'),
  recommend: () => import('./commands/recommend'),
  actions: () => import('./commands/actions'),
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const load = commands[name];
  if (!load) {
    process.stderr.write(`usage: npm run -s cli -- <${Object.keys(commands).join('|')}> ...\n`);
    process.exit(2);
  }
  if (name !== 'profile') {
    // Models run on tfjs; in Node that is its pure-JS cpu backend.
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
  }
  const result = await (await load()).run(rest);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
