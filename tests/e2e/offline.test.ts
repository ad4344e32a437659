// The built app offline: after one visit the service worker serves every file, so with the network off a
// reload still starts the app, lists the stored datasets and opens a profile. Then the Workspace page:
// an encrypted export downloads, a wrong passphrase is refused, the right one imports; and personal
// data can be pseudonymised at import.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { generateDemo } from '../../seeds';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

describe('offline and workspace files', () => {
  it('is offline ready after the first visit', async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo transactions').waitFor({ timeout: 90_000 });
    await s.page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 120_000 });
    await s.page.getByTestId('offline-status').getByText('Offline ready').waitFor({ timeout: 30_000 });
    const manifest = await s.page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest.name).toBe('Retention Lab');
    expect(manifest.icons.length).toBeGreaterThanOrEqual(3);
  });

  it('starts, lists the datasets and opens a profile with the network off', async () => {
    await s.context.setOffline(true);
    await s.page.reload();
    const list = s.page.getByTestId('dataset-list');
    await list.getByText('Demo customers').waitFor({ timeout: 60_000 });
    await expect(s.page.getByTestId('offline-status').innerText()).resolves.toMatch(/^\s*Offline\s*$/);
    // Cached responses keep their headers, so the WASM backend keeps its threads offline.
    await expect(s.page.evaluate(() => crossOriginIsolated)).resolves.toBe(true);
    await list.getByRole('button', { name: 'Demo customers' }).click();
    await s.page.getByTestId('column-card').first().waitFor();
    await expect(s.page.getByTestId('column-card').count()).resolves.toBeGreaterThan(5);
    await expect(s.page.getByTestId('dataset-detail').innerText()).resolves.toContain('email');
  });

  it('exports an encrypted workspace and imports it back (offline)', async () => {
    await s.page.getByRole('navigation').getByRole('button', { name: 'Workspace' }).click();
    const exp = s.page.getByTestId('workspace-export');
    // Without a passphrase the key stays here, and the page says what that means for a re-import.
    await expect(exp.getByTestId('export-key-note').innerText()).resolves.toMatch(/leaves out this workspace's pseudonymisation key.*new data you hash will not match the old pseudonyms/s);
    await exp.getByLabel('Export passphrase').fill('correct horse battery');
    await exp.getByLabel('Repeat export passphrase').fill('correct horse battery');
    const download = s.page.waitForEvent('download', { timeout: 120_000 });
    await exp.getByRole('button', { name: 'Export encrypted file' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^retention-lab-workspace-.*-encrypted\.rlws$/);
    const path = await file.path();
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('RLWS');
    await exp.getByTestId('export-result').waitFor();

    const imp = s.page.getByTestId('workspace-import');
    await imp.getByTestId('workspace-file').setInputFiles(path);
    await imp.getByLabel('Import passphrase').fill('wrong horse battery');
    await imp.getByRole('button', { name: 'Import workspace' }).click();
    await expect(imp.getByTestId('workspace-import-error').innerText({ timeout: 120_000 })).resolves.toMatch(/Wrong passphrase/);
    await imp.getByLabel('Import passphrase').fill('correct horse battery');
    await imp.getByRole('button', { name: 'Import workspace' }).click();
    const result = imp.getByTestId('workspace-import-result');
    await result.waitFor({ timeout: 120_000 });
    await expect(result.innerText()).resolves.toMatch(/Imported 5 datasets/);
    await expect(result.innerText()).resolves.toContain('Demo customers (imported copy)');
    const storage = s.page.getByTestId('storage-health');
    await storage.getByText('Demo customers (imported copy)').waitFor();
    await expect(storage.getByTestId('persist-state').count()).resolves.toBe(1);
    await s.page.screenshot({ path: '/tmp/workspace-page.png', fullPage: true });
  });

  it('pseudonymises personal columns at import', async () => {
    await s.page.getByRole('navigation').getByRole('button', { name: 'Data' }).click();
    await s.page.getByTestId('file-input').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(generateDemo({ customers: 60 }).customers) });
    const card = s.page.getByTestId('import-card').last();
    await card.getByRole('button', { name: 'Import' }).waitFor();
    await expect(card.innerText()).resolves.toMatch(/full_name, email may hold personal data/);
    await card.screenshot({ path: '/tmp/import-pii-suggested.png' });
    await card.getByRole('button', { name: 'Pseudonymise these 2' }).click();
    await expect(card.getByLabel('Personal data in email').inputValue()).resolves.toBe('hash');
    await card.getByLabel('Personal data in full_name').selectOption('drop');
    await card.screenshot({ path: '/tmp/import-pii.png' });
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    const detail = s.page.getByTestId('dataset-detail');
    await detail.getByText(/Pseudonymised at import/).first().waitFor();
    const text = await detail.innerText();
    expect(text).not.toContain('@example');
    expect(text).toContain('Not stored (personal data): full_name');
    const cards = await detail.getByTestId('column-card').allInnerTexts();
    expect(cards.some((c) => c.trim().startsWith('email'))).toBe(true);
    expect(cards.some((c) => c.trim().startsWith('full_name'))).toBe(false);
  });

  it('made no request that left this machine', async () => {
    await s.context.setOffline(false);
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});
