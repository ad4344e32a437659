import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, Router, type HistoryPort } from './router.svelte';

const PAGES = ['data', 'segments', 'churn', 'clv'];

/** A history in memory: entries and a cursor, like the browser's for one tab. */
function fakeHistory(start = '') {
  const entries = [start];
  let at = 0;
  let listener: (() => void) | null = null;
  let acting = true;
  const port: HistoryPort = {
    userActing: () => acting,
    hash: () => entries[at],
    push(hash) {
      entries.splice(at + 1, entries.length, hash);
      at = entries.length - 1;
    },
    replace(hash) {
      entries[at] = hash;
    },
    listen(onChange) {
      listener = onChange;
      return () => (listener = null);
    },
  };
  const move = (by: number) => {
    at = Math.max(0, Math.min(entries.length - 1, at + by));
    listener?.();
  };
  return { port, entries, back: () => move(-1), forward: () => move(1), act: (on: boolean) => (acting = on) };
}

describe('hash routes', () => {
  it('reads and writes the page and its parameters', () => {
    expect(parseHash('#/churn?dataset=abc&tab=scores', PAGES, 'data')).toEqual({ page: 'churn', params: { dataset: 'abc', tab: 'scores' } });
    expect(formatHash({ page: 'churn', params: { dataset: 'a b&c', tab: '' } })).toBe('#/churn?dataset=a%20b%26c');
    expect(formatHash({ page: 'clv', params: { tab: 'cohorts', dataset: 'd1' } })).toBe('#/clv?dataset=d1&tab=cohorts');
    expect(parseHash(formatHash({ page: 'clv', params: { dataset: 'a b&c/é' } }), PAGES, 'data').params.dataset).toBe('a b&c/é');
  });

  it('an empty, unknown or malformed hash is the first page', () => {
    expect(parseHash('', PAGES, 'data')).toEqual({ page: 'data', params: {} });
    expect(parseHash('#/nowhere?dataset=x', PAGES, 'data')).toEqual({ page: 'data', params: {} });
    expect(parseHash('#churn', PAGES, 'data').page).toBe('churn');
    expect(parseHash('#/clv?dataset=&tab=cohorts', PAGES, 'data').params).toEqual({ tab: 'cohorts' });
    expect(parseHash('#/clv?dataset=%E0%A4%A&tab=a+b', PAGES, 'data').params).toEqual({ tab: 'a b' });
    expect(parseHash('#/%E0%A4%A', PAGES, 'data').page).toBe('data');
  });
});

describe('Router', () => {
  it('opens the view in the URL and writes its canonical form without a new entry', () => {
    const h = fakeHistory('#churn?dataset=d1');
    const r = new Router(PAGES, h.port);
    r.start();
    expect(r.page).toBe('churn');
    expect(r.param('churn', 'dataset')).toBe('d1');
    expect(h.entries).toEqual(['#/churn?dataset=d1']);
  });

  it('pushes page changes and user choices, replaces automatic ones; Back and Forward restore each view', () => {
    const h = fakeHistory('');
    const r = new Router(PAGES, h.port);
    r.start();
    expect(h.entries).toEqual(['#/data']);
    r.setParam('data', 'dataset', 'd1', { replace: true });
    r.go('clv');
    r.setParam('clv', 'dataset', 'd2', { replace: true });
    r.setParam('clv', 'tab', 'cohorts');
    r.go('data');
    expect(h.entries).toEqual(['#/data?dataset=d1', '#/clv?dataset=d2', '#/clv?dataset=d2&tab=cohorts', '#/data?dataset=d1']);

    h.back();
    expect([r.page, r.param('clv', 'tab')]).toEqual(['clv', 'cohorts']);
    h.back();
    expect([r.page, r.param('clv', 'tab'), r.param('clv', 'dataset')]).toEqual(['clv', '', 'd2']);
    h.back();
    expect([r.page, r.param('data', 'dataset')]).toEqual(['data', 'd1']);
    h.forward();
    h.forward();
    expect([r.page, r.param('clv', 'tab')]).toEqual(['clv', 'cohorts']);
  });

  it("a hidden page's parameters change its memory only; going back to it brings them", () => {
    const h = fakeHistory('#/clv?dataset=d2');
    const r = new Router(PAGES, h.port);
    r.start();
    r.go('churn');
    r.setParam('clv', 'dataset', 'd3', { replace: true });
    expect(h.entries).toEqual(['#/clv?dataset=d2', '#/churn']);
    r.go('clv');
    expect(h.entries.at(-1)).toBe('#/clv?dataset=d3');
    // No entry for a value that did not change, nor for the page already shown.
    r.setParam('clv', 'dataset', 'd3');
    r.go('clv');
    expect(h.entries).toHaveLength(3);
  });

  it('a change the user did not make (a restored form) replaces the entry', () => {
    const h = fakeHistory('#/clv?dataset=d1');
    const r = new Router(PAGES, h.port);
    r.start();
    h.act(false);
    r.setParam('clv', 'dataset', 'd2');
    h.act(true);
    r.setParam('clv', 'tab', 'survival');
    expect(h.entries).toEqual(['#/clv?dataset=d2', '#/clv?dataset=d2&tab=survival']);
  });

  it('a PageUrl reads and writes its own page only', () => {
    const h = fakeHistory('#/segments?dataset=s1');
    const r = new Router(PAGES, h.port);
    r.start();
    const seg = r.view('segments');
    const churn = r.view('churn');
    expect(seg.get('dataset')).toBe('s1');
    expect(churn.get('dataset')).toBe('');
    seg.set('dataset', 's2');
    expect(h.port.hash()).toBe('#/segments?dataset=s2');
    seg.set('dataset', '', { replace: true });
    expect(h.entries).toEqual(['#/segments?dataset=s1', '#/segments']);
  });
});
