// Shared checks for the CLI commands' tests: every command refuses an unknown flag, naming it and the
// command's flags (its own and the shared file flags), and `--help` lists them all.
import { expect } from 'vitest';
import { HelpRequest, flagsOf, type CommandSpec } from './args';

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

/** `argv`: what the command needs before its flags (a file name; it is never read). */
export async function expectFlagChecks(run: (argv: string[]) => Promise<unknown>, spec: CommandSpec, argv: string[] = ['data.csv']): Promise<void> {
  const names = flagsOf(spec).map((f) => `--${f.name}`);
  expect(names).toEqual(expect.arrayContaining(['--delimiter', '--no-header', '--columns', '--encoding']));
  const unknown = await failure(run([...argv, '--no-such-flag', '1']));
  expect(unknown).toBeInstanceOf(Error);
  expect((unknown as Error).message).toMatch(new RegExp(`^Unknown option --no-such-flag for ${spec.name}\\. Its options: `));
  for (const n of names) expect((unknown as Error).message).toContain(n);
  const help = await failure(run([...argv, '--help']));
  expect(help).toBeInstanceOf(HelpRequest);
  for (const n of names) expect((help as HelpRequest).message).toContain(n);
  for (const f of flagsOf(spec)) expect((help as HelpRequest).message).toContain(f.help);
}
