import { describe, expect, it } from 'vitest';
import { loadPage, PAGES, type PageDef, type PageComponent } from './pages';

describe('pages', () => {
  it('lists each page once, in navigation order, each with code to load', () => {
    const ids = PAGES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('data');
    for (const p of PAGES) expect(typeof p.load).toBe('function');
  });

  it('loads a page once for every caller, and loads again after a failed load', async () => {
    const component = (() => {}) as unknown as PageComponent;
    let calls = 0;
    const page: PageDef = {
      id: 'test-page',
      label: 'Test',
      load: () => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve({ default: component })),
    };
    // The first load fails (e.g. a chunk that could not be fetched): both callers see the error.
    const [a, b] = [loadPage(page), loadPage(page)];
    expect(a).toBe(b);
    await expect(a).rejects.toThrow('offline');
    expect(calls).toBe(1);
    // A later visit tries again, and then every caller shares the loaded component.
    await expect(loadPage(page)).resolves.toBe(component);
    await expect(loadPage(page)).resolves.toBe(component);
    expect(calls).toBe(2);
  });
});
