// The import preview refuses files that cannot give a dataset (header only, empty, binary, no values)
// before it offers an Import button, saying which file and why; fixing a setting brings the button back.
import { describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests, pickFile } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

const pick = (name: string, content: string | Buffer) => pickFile(s, name, content);

describe('import preview', () => {
  it('refuses a header-only file before Import, and offers Import once the line is taken as data', async () => {
    await s.page.getByTestId('file-input').waitFor({ state: 'attached', timeout: 60_000 });
    const card = await pick('header-only.csv', 'customer_id,amount,date\r\n\r\n');
    const problem = card.getByTestId('preview-problem');
    await problem.waitFor();
    await expect(problem.innerText()).resolves.toBe(
      'header-only.csv cannot be imported: it has a header row (customer_id, amount, date) but no data rows. Change the settings above if they are wrong, or close this and choose another file.',
    );
    await expect(card.getByRole('button', { name: 'Import' }).count()).resolves.toBe(0);
    await expect(card.locator('table').count()).resolves.toBe(0);

    await card.getByLabel('First row is a header').uncheck();
    await card.getByRole('button', { name: 'Import' }).waitFor({ timeout: 30_000 });
    await expect(problem.count()).resolves.toBe(0);
    await card.getByLabel('First row is a header').check();
    await problem.waitFor({ timeout: 30_000 });
    await expect(card.getByRole('button', { name: 'Import' }).count()).resolves.toBe(0);
    await card.getByRole('button', { name: 'Close' }).click();
  });

  it('says why empty, blank-valued and binary files cannot be imported, with no Import button', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.csv', '', /^empty\.csv is empty \(0 bytes\)/],
      ['blank.csv', '\r\n   \r\n', /^blank\.csv: The file is empty/],
      ['no-values.csv', ',,,\n,,,\n,,,\n', /^no-values\.csv cannot be imported: it has no values: every cell of every row is empty/],
      ['photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]), /^photo\.csv: This looks like a binary file, not text/],
    ];
    for (const [name, content, why] of cases) {
      const card = await pick(name, content);
      const alert = card.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(why);
      await expect(card.getByRole('button', { name: 'Import' }).count()).resolves.toBe(0);
      await card.getByRole('button', { name: 'Close' }).click();
    }
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
