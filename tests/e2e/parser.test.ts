// Hostile files through the built app: a stray quote rejects its own line and nothing more, the
// summary states lines, rows and rejected lines; trailing delimiters keep the header; a file that is
// one huge line is refused in words.
import { describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests, pickFile } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

const pick = (name: string, content: string | Buffer) => pickFile(s, name, content);

describe('parser in the app', () => {
  it('rejects only the line of a stray quote and says so: 10,000 lines = 9,998 in rows + 1 rejected + 1 header', async () => {
    await s.page.getByTestId('file-input').waitFor({ state: 'attached', timeout: 60_000 });
    const lines = ['id,name,amount'];
    for (let k = 1; k < 10_000; k++) lines.push(k === 5 ? '5,"broken name,5' : k === 9000 ? '9000,name9000,"9000"' : `${k},name${k},${k}`);
    const card = await pick('stray-quote.csv', lines.join('\n') + '\n');
    await card.getByRole('button', { name: 'Import' }).click();
    const summary = card.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    const text = await summary.innerText();
    expect(text).toMatch(/9,999 = 9,998 accepted \+ 1 rejected/);
    expect(text).toContain('Lines in file: 10,000 = 9,998 in rows + 1 rejected + 1 header.');

    const detail = s.page.getByTestId('dataset-detail');
    const row = s.page.getByTestId('rejected-rows').locator('tbody tr');
    // The new dataset opens on its Profile tab once selected: click until its rejected rows show.
    await expect
      .poll(async () => {
        await detail.getByRole('tab', { name: /Rejected rows/ }).click();
        return row.count();
      }, { timeout: 30_000 })
      .toBe(1);
    await expect(row.first().innerText()).resolves.toMatch(/^6\s+quote opened at line 6, column 2, never closed on that record \(closing it at line 9,001 would make 2 fields, expected 3\)\s+5,"broken name,5$/);
  });

  it('keeps the header of a file whose data lines end with a delimiter', async () => {
    const card = await pick('trailing.csv', ['id,name,amount', ...Array.from({ length: 20 }, (_, i) => `${i + 1},n${i + 1},${i + 1},`)].join('\n') + '\n');
    await card.getByRole('button', { name: 'Import' }).waitFor();
    await expect(card.getByText('No header row detected').count()).resolves.toBe(0);
    await expect(card.getByLabel('Type of amount').count()).resolves.toBe(1);
    await card.getByRole('button', { name: 'Import' }).click();
    const summary = card.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    await expect(summary.innerText()).resolves.toMatch(/20 = 20 accepted \+ 0 rejected/);
  });

  it('refuses a file without line breaks with the reason, not "no columns"', async () => {
    const card = await pick('one-line.csv', Buffer.alloc(3_000_000, 'a,'));
    await expect(card.getByText(/No line break in the first 2,097,152 characters/).count()).resolves.toBe(1);
    await expect(card.getByRole('button', { name: 'Import' }).count()).resolves.toBe(0);
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
  });
});
