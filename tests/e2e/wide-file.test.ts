// A 5,000-column file through the built app: the preview and the profile show a page of columns at a
// time (with the count), so both appear in seconds; and a UTF-8 file with invalid bytes says so by line.
import { describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

function wideCsv(cols: number, rows: number): Buffer {
  const lines = [Array.from({ length: cols }, (_, j) => `c${j}`).join(',')];
  for (let i = 0; i < rows; i++) {
    const row = new Array<string>(cols);
    for (let j = 0; j < cols; j++) {
      const k = j % 4;
      row[j] = k === 0 ? String(i * 7 + j) : k === 1 ? (((i * 31 + j) % 1000) / 10).toFixed(1) : k === 2 ? 'abc'[(i + j) % 3] : String((i + j) % 2);
    }
    lines.push(row.join(','));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

describe('a wide file', () => {
  it('previews and profiles 5,000 columns a page at a time', async () => {
    await s.page.getByTestId('file-input').waitFor({ state: 'attached', timeout: 60_000 });
    // The first visit's demo import runs in the same worker: let it finish so the timings are the file's own.
    await s.page.getByTestId('dataset-list').getByText('Demo transactions').waitFor({ timeout: 120_000 });
    // 130 rows (2.3 MB) keep the file over the 2 MB preview sample, so the preview reads a sample and the import
    // streams several slices, as at 300 rows (the paging under test depends on the columns); the whole 5,000 x 300 file
    // goes through the worker and IndexedDB in tests/browser/import-encoding.test.ts.
    const rows = Number(process.env.WIDE_ROWS ?? 130);
    const t0 = Date.now();
    await s.page.getByTestId('file-input').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: wideCsv(5000, rows) });
    const card = s.page.getByTestId('import-card').filter({ has: s.page.getByRole('heading', { name: 'wide.csv', exact: true }) });
    await card.getByRole('button', { name: 'Import' }).waitFor({ timeout: 120_000 });
    const t1 = Date.now();
    const pager = card.getByTestId('column-pager');
    await expect(pager.innerText()).resolves.toContain('Columns 1–50 of 5,000');
    await expect(card.locator('table.preview thead th').count()).resolves.toBe(50);
    await pager.getByRole('button', { name: 'Next columns' }).click();
    await expect(pager.innerText()).resolves.toContain('Columns 51–100 of 5,000');
    await expect(card.getByLabel('Name of column 51').inputValue()).resolves.toBe('c50');
    // A name edited on the second page is what gets imported.
    await card.getByLabel('Name of column 52').fill('renamed51');

    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 300_000 });
    const t2 = Date.now();
    const detail = s.page.getByTestId('dataset-detail');
    const profilePager = detail.getByTestId('profile-pager');
    await profilePager.waitFor({ timeout: 120_000 });
    const t3 = Date.now();
    console.log(`wide 5,000 x ${rows}: preview shown ${((t1 - t0) / 1000).toFixed(1)} s; import to summary ${((t2 - t1) / 1000).toFixed(1)} s; profile shown ${((t3 - t2) / 1000).toFixed(1)} s after`);
    await expect(profilePager.innerText()).resolves.toContain('Columns 1–60 of 5,000');
    // The cards after the first dozen render a group per task: wait for the last.
    await detail.getByTestId('column-card').nth(59).waitFor({ timeout: 10_000 });
    await expect(detail.getByTestId('column-card').count()).resolves.toBe(60);
    await expect(detail.getByTestId('column-card').nth(51).innerText()).resolves.toContain('renamed51');
    await profilePager.getByRole('button', { name: 'Next columns' }).click();
    await expect(profilePager.innerText()).resolves.toContain('Columns 61–120 of 5,000');
    await expect(detail.getByTestId('column-card').first().innerText()).resolves.toContain('c60');
    await detail.getByTestId('column-card').nth(59).waitFor({ timeout: 10_000 });
    await expect(detail.getByTestId('column-card').count()).resolves.toBe(60);
    await expect(detail.innerText()).resolves.toContain('5000 columns');
  });

  it('lists invalid UTF-8 by line in the import summary, and keeps the rest UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('id,name\n1,Zoë\n2,Zo'), Buffer.from([0xc3, 0x28]), Buffer.from('\n3,Zoë\n')]);
    await s.page.getByTestId('file-input').setInputFiles({ name: 'zoe.csv', mimeType: 'text/csv', buffer: bytes });
    const card = s.page.getByTestId('import-card').filter({ has: s.page.getByRole('heading', { name: 'zoe.csv', exact: true }) });
    await card.getByRole('button', { name: 'Import' }).waitFor({ timeout: 60_000 });
    await expect(card.innerText()).resolves.toContain('line 3: bytes C3 28 are not UTF-8; read as U+FFFD');
    await card.getByText('Zoë').nth(1).waitFor(); // the sample rows come a frame after the editors
    await expect(card.getByText('Zoë').count()).resolves.toBe(2);
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await expect(card.getByTestId('import-note').allInnerTexts()).resolves.toEqual([
      '1 invalid UTF-8 byte sequence read as U+FFFD (\uFFFD), the replacement character:',
      'line 3: bytes C3 28 are not UTF-8; read as U+FFFD',
    ]);
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
