import { expect, it } from 'vitest';

it('runs in a real browser with IndexedDB, workers and a WebGPU API', async () => {
  expect(typeof indexedDB.open).toBe('function');
  expect(typeof Worker).toBe('function');
  expect(window.isSecureContext).toBe(true);
  expect('gpu' in navigator).toBe(true);
});
