import { describe, expect, it } from 'vitest';
import { HelpRequest, flagBoolean, flagList, flagNumber, flagString, helpText, parseArgs, requireFlag, usageError, type CommandSpec } from './args';

const spec: CommandSpec = {
  name: 'demo',
  usage: '<file> --name N [options]',
  summary: 'A command for the tests.',
  flags: [
    { name: 'name', kind: 'string', value: 'COL', help: 'a column' },
    { name: 'count', kind: 'number', help: 'how many' },
    { name: 'tags', kind: 'list', help: 'some tags' },
    { name: 'log', kind: 'boolean', help: 'log it' },
  ],
};

describe('parseArgs', () => {
  it('reads positionals, --flag value, --flag=value and booleans that take no value', () => {
    const args = parseArgs(['f.csv', '--name', 'a', '--count=-3', '--log', '--tags', 'x, y,,z', '--delimiter', ';', '--no-header'], spec);
    expect(args.positional).toEqual(['f.csv']);
    expect(flagString(args, 'name')).toBe('a');
    expect(flagNumber(args, 'count', 0)).toBe(-3);
    expect(flagList(args, 'tags')).toEqual(['x', 'y', 'z']);
    expect(flagBoolean(args, 'log')).toBe(true);
    expect(flagBoolean(args, 'no-header')).toBe(true);
    expect(flagString(args, 'delimiter')).toBe(';');
    expect(flagString(args, 'encoding')).toBeUndefined();
    expect(requireFlag(args, 'name')).toBe('a');
    expect(() => requireFlag(args, 'encoding')).toThrow('--encoding is required');
  });

  it('does not let a boolean flag swallow the file after it', () => {
    expect(parseArgs(['--log', 'f.csv'], spec).positional).toEqual(['f.csv']);
  });

  it('refuses an unknown flag, naming it, the near ones and every flag of the command', () => {
    expect(() => parseArgs(['f.csv', '--nmae', 'a'], spec)).toThrow(
      'Unknown option --nmae for demo (did you mean --name?). Its options: --name, --count, --tags, --log, --delimiter, --no-header, --columns, --encoding (--help for details)',
    );
    expect(() => parseArgs(['f.csv', '--header'], spec)).toThrow(/^Unknown option --header for demo \(did you mean --no-header\?\)/);
  });

  it('refuses bad values, repeats and extra files', () => {
    expect(() => parseArgs(['f.csv', '--count', 'many'], spec)).toThrow('--count must be a number, got "many"');
    expect(() => parseArgs(['f.csv', '--count', ''], spec)).toThrow('--count must be a number, got ""');
    expect(() => parseArgs(['f.csv', '--name'], spec)).toThrow('--name needs a value (--name COL: a column)');
    expect(() => parseArgs(['f.csv', '--name', '--log'], spec)).toThrow('--name needs a value');
    expect(() => parseArgs(['f.csv', '--log=yes'], spec)).toThrow('--log takes no value, got "yes"');
    expect(() => parseArgs(['f.csv', '--name', 'a', '--name', 'b'], spec)).toThrow('--name is given twice');
    expect(() => parseArgs(['f.csv', 'g.csv'], spec)).toThrow('demo takes one file, got also "g.csv"');
    expect(() => parseArgs(['f.csv'], { ...spec, positionals: 0 })).toThrow('demo takes no file argument, got "f.csv"');
  });

  it('answers --help with the help text: usage, every flag with its help, the shared file flags', () => {
    let help: unknown;
    try {
      parseArgs(['--help', '--no-such-flag'], spec);
    } catch (e) {
      help = e;
    }
    expect(help).toBeInstanceOf(HelpRequest);
    const text = (help as HelpRequest).message;
    expect(text).toBe(helpText(spec));
    expect(text.split('\n')[0]).toBe('usage: npm run -s cli -- demo <file> --name N [options]');
    expect(text).toMatch(/--name COL +a column/);
    expect(text).toMatch(/--log +log it/);
    expect(text).toMatch(/reading files \(every command\):\n +--delimiter X +field delimiter/);
    expect(text).toContain('--encoding E');
    expect(() => parseArgs(['-h'], spec)).toThrow(HelpRequest);
    expect(helpText({ ...spec, load: false })).not.toContain('--delimiter');
    expect(usageError(spec).message).toBe('usage: demo <file> --name N [options] (--help lists the options)');
  });
});
