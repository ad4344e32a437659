// Each small CSV in tests/fixtures/inference exercises one inference rule (flags with misleading names,
// integer codes, row numbers, counts named after customers, keys shared between files, files with no key);
// expected.json gives every column's type and role and the file's customer key. The CLI's profile command
// runs the same parser, inference and role suggestion as the app's preview.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/profile';

const dir = join(import.meta.dirname, '../fixtures/inference');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  { key: string | null; columns: Record<string, { type: string; role: string }> }
>;

describe('type, role and key inference on the fixture files', () => {
  it('has at least 30 fixtures', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(30);
  });
  for (const [file, want] of Object.entries(expected)) {
    it(file, async () => {
      const out = await run([join(dir, file)]);
      const got = Object.fromEntries(out.columns.map((c) => [c.name, { type: c.type, role: c.role }]));
      expect(got).toEqual(want.columns);
      expect(out.key).toBe(want.key);
      for (const c of out.columns) expect(c.reason, c.name).toMatch(new RegExp(`^${c.type}: `));
      // A survey score says why its values fit, like a type does.
      for (const c of out.columns) if (c.role === 'satisfaction') expect(c.roleReason, c.name).toMatch(/^satisfaction: whole numbers (0-10|1-5|1-7) and the name says '/);
    });
  }
});
