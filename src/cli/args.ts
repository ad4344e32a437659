// The one argv parser of the headless runner (and `npm run generate`). Each command declares its flags
// (name, kind, help) in a CommandSpec; `parseArgs(argv, spec)` reads positionals plus `--flag value`,
// `--flag=value` and boolean `--flag`, and refuses what the command does not declare, naming the flag
// and the command's flags. `--help` (or `-h`) asks for the command's help: parseArgs throws HelpRequest,
// whose message is the help text (main prints it to stdout and exits 0).

/** string: any text; number: a finite number; list: a,b,c; boolean: present or not (takes no value). */
export type FlagKind = 'string' | 'number' | 'list' | 'boolean';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  help: string;
  /** What the value looks like in the help (e.g. COL, N, YYYY-MM-DD); defaults by kind. */
  value?: string;
}

export interface CommandSpec {
  name: string;
  /** How it is run, for the usage line (default `npm run -s cli -- <name>`). */
  program?: string;
  /** What follows the command name in the usage line, e.g. `<file> --target COL`. */
  usage: string;
  /** One line: what the command does. */
  summary: string;
  /** Positional arguments (files): at most this many (default 1). */
  positionals?: number;
  flags: FlagSpec[];
  /** Adds the shared file-reading flags (LOAD_FLAGS); default true. */
  load?: boolean;
}

/** The file-reading flags every command accepts (src/cli/load.ts `loadOptions` applies them). */
export const LOAD_FLAGS: readonly FlagSpec[] = [
  { name: 'delimiter', kind: 'string', value: 'X', help: 'field delimiter: , ; | tab or space (default: detected)' },
  { name: 'no-header', kind: 'boolean', help: 'the first line is data, not column names (name them with --columns)' },
  { name: 'columns', kind: 'list', value: 'a,b,c', help: 'column names, in file order (with --no-header, or to rename)' },
  { name: 'encoding', kind: 'string', value: 'E', help: 'text encoding: utf-8, windows-1252 (latin1), utf-16le or utf-16be (default: detected)' },
];

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** Thrown by parseArgs for `--help`/`-h`: the message is the command's help text. */
export class HelpRequest extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'HelpRequest';
  }
}

/** Every flag the command accepts: its own, then the shared load flags (unless it opts out). */
export function flagsOf(spec: CommandSpec): FlagSpec[] {
  return spec.load === false ? [...spec.flags] : [...spec.flags, ...LOAD_FLAGS.filter((l) => !spec.flags.some((f) => f.name === l.name))];
}

const PLACEHOLDER: Record<FlagKind, string> = { string: 'VALUE', number: 'N', list: 'a,b', boolean: '' };

function flagLine(f: FlagSpec): string {
  const value = f.kind === 'boolean' ? '' : ` ${f.value ?? PLACEHOLDER[f.kind]}`;
  return `--${f.name}${value}`;
}

function table(flags: readonly FlagSpec[]): string[] {
  const width = Math.max(...flags.map((f) => flagLine(f).length));
  return flags.map((f) => `  ${flagLine(f).padEnd(width)}  ${f.help}`);
}

export function helpText(spec: CommandSpec): string {
  const own = [...spec.flags, { name: 'help', kind: 'boolean' as const, help: 'this help' }];
  const lines = [`usage: ${spec.program ?? `npm run -s cli -- ${spec.name}`} ${spec.usage}`.trimEnd(), spec.summary, '', 'options:', ...table(own)];
  if (spec.load !== false) {
    const shared = LOAD_FLAGS.filter((l) => !spec.flags.some((f) => f.name === l.name));
    lines.push('', 'reading files (every command):', ...table(shared));
  }
  return lines.join('\n');
}

/** The error for a missing file argument: the usage line and where to find the options. */
export function usageError(spec: CommandSpec): Error {
  return new Error(`usage: ${spec.name} ${spec.usage} (--help lists the options)`);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

function unknownFlag(name: string, spec: CommandSpec, flags: FlagSpec[]): Error {
  // Near: a typo or two away (one for short names), or one name inside the other (--header, --no-header).
  const near = flags
    .map((f) => f.name)
    .filter((n) => {
      const short = Math.min(name.length, n.length);
      return distance(n, name) <= (short <= 3 ? 1 : 2) || (short >= 3 && (n.includes(name) || name.includes(n)));
    });
  const hint = near.length > 0 ? ` (did you mean ${near.map((n) => `--${n}`).join(' or ')}?)` : '';
  return new Error(`Unknown option --${name} for ${spec.name}${hint}. Its options: ${flags.map((f) => `--${f.name}`).join(', ')} (--help for details)`);
}

/** Reads argv against the command's declared flags; refuses unknown flags, repeated flags, missing values and extra files. */
export function parseArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const flags = flagsOf(spec);
  const byName = new Map(flags.map((f) => [f.name, f]));
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequest(helpText(spec));
  const positional: string[] = [];
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const flag = byName.get(name);
    if (!flag) throw unknownFlag(name, spec, flags);
    if (values.has(name)) throw new Error(`--${name} is given twice`);
    if (flag.kind === 'boolean') {
      if (eq > 0) throw new Error(`--${name} takes no value, got "${a.slice(eq + 1)}"`);
      values.set(name, true);
      continue;
    }
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    else throw new Error(`--${name} needs a value (${flagLine(flag)}: ${flag.help})`);
    if (flag.kind === 'number' && (value.trim() === '' || !Number.isFinite(Number(value)))) {
      throw new Error(`--${name} must be a number, got "${value}"`);
    }
    values.set(name, value);
  }
  const most = spec.positionals ?? 1;
  if (positional.length > most) {
    throw new Error(
      most === 0
        ? `${spec.name} takes no file argument, got "${positional[0]}" (files are given with flags: ${spec.usage})`
        : `${spec.name} takes ${most === 1 ? 'one file' : `${most} files`}, got also "${positional[most]}"`,
    );
  }
  return { positional, flags: values };
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
}

export function flagBoolean(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

export function requireFlag(args: ParsedArgs, name: string): string {
  const v = flagString(args, name);
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

export function flagNumber(args: ParsedArgs, name: string, fallback: number): number {
  const v = flagString(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}

export function flagList(args: ParsedArgs, name: string): string[] | undefined {
  const v = flagString(args, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}
