import { describe, expect, it } from 'vitest';
import { PagedRows, type PageQuery } from './paged-rows.svelte';

type Key = 'id' | 'value';
const ROWS = Array.from({ length: 53 }, (_, i) => ({ id: `c${String(i).padStart(2, '0')}`, value: (i * 37) % 53 }));

/** A worker stand-in: sorts, searches and pages ROWS; `gate` holds answers back until released. */
function source() {
  const asked: PageQuery<Key>[] = [];
  const held: (() => void)[] = [];
  let hold = false;
  const fetch = async (q: PageQuery<Key>) => {
    asked.push(q);
    if (hold) await new Promise<void>((r) => held.push(r));
    const found = ROWS.filter((r) => r.id.includes(q.search)).sort((a, b) => (a[q.sort] < b[q.sort] ? -1 : a[q.sort] > b[q.sort] ? 1 : 0) * (q.descending ? -1 : 1));
    return { rows: found.slice(q.offset, q.offset + q.limit), total: found.length };
  };
  return { fetch, asked, held, setHold: (h: boolean) => (hold = h) };
}

describe('PagedRows', () => {
  it('pages, sorts and searches through the fetch function', async () => {
    const src = source();
    const t = new PagedRows<(typeof ROWS)[number], Key>({ limit: 20, sort: 'value', fetch: src.fetch, startsDescending: (k) => k !== 'id' });
    await t.load(0);
    expect([t.from, t.to, t.total, t.rows[0].value, t.hasPrevious, t.hasNext]).toEqual([1, 20, 53, 52, false, true]);
    await t.next();
    await t.next();
    expect([t.from, t.to, t.hasNext]).toEqual([41, 53, false]);
    await t.goTo(500);
    expect(t.offset).toBe(52);
    await t.sortBy('id');
    expect([t.offset, t.sort, t.descending, t.rows[0].id]).toEqual([0, 'id', false, 'c00']);
    await t.sortBy('id');
    expect([t.descending, t.rows[0].id]).toEqual([true, 'c52']);
    await t.setSearch('c1');
    expect([t.total, t.from, t.to]).toEqual([10, 1, 10]);
    expect(src.asked.at(-1)).toEqual({ offset: 0, limit: 20, sort: 'id', descending: true, search: 'c1' });
    await t.previous();
    expect(t.offset).toBe(0);
  });

  it('drops an older answer that arrives after a newer one, and says why a page failed', async () => {
    const src = source();
    const t = new PagedRows<(typeof ROWS)[number], Key>({ limit: 10, sort: 'id', descending: false, fetch: src.fetch });
    src.setHold(true);
    const slow = t.load(30);
    src.setHold(false);
    await t.load(0);
    src.held[0]();
    await slow;
    expect([t.offset, t.rows[0].id, t.loading]).toEqual([0, 'c00', false]);

    const failing = new PagedRows<never, Key>({ limit: 10, sort: 'id', fetch: () => Promise.reject(new Error('The worker stopped')) });
    await failing.load(0);
    expect([failing.error, failing.loading]).toEqual(['The worker stopped', false]);
  });

  it('shows a page fetched elsewhere (a run, a restored result) and clears', async () => {
    const src = source();
    const t = new PagedRows<(typeof ROWS)[number], Key>({ limit: 10, sort: 'value', fetch: src.fetch });
    src.setHold(true);
    const late = t.load(10);
    t.show({ rows: ROWS.slice(0, 10), total: 53, offset: 0 }, { sort: 'id', descending: false });
    src.held[0]();
    await late;
    expect([t.sort, t.descending, t.offset, t.rows[0].id, t.total]).toEqual(['id', false, 0, 'c00', 53]);
    t.clear();
    expect([t.rows.length, t.total, t.from, t.to, t.sort]).toEqual([0, 0, 0, 0, 'id']);
  });
});
