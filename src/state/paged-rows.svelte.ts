// One page of a long table at a time (churn scores, CLV customers, the action list): the worker sorts, searches and
// pages; this holds the query (offset, limit, sort, search), the page shown (rows, total) and whether one is loading.
// Answers to an older query are dropped, so a slow page never replaces a newer one.
import { message } from './workspace.svelte';

export interface PageQuery<K extends string> {
  offset: number;
  limit: number;
  sort: K;
  descending: boolean;
  search: string;
}

export interface RowsPage<R> {
  rows: R[];
  total: number;
  /** The offset the worker served (it may clamp the one asked for); the one asked for when absent. */
  offset?: number;
}

export interface PagedRowsOptions<R, K extends string> {
  limit: number;
  sort: K;
  descending?: boolean;
  /** Whether a newly chosen sort column starts descending (default: true). */
  startsDescending?: (key: K) => boolean;
  fetch: (query: PageQuery<K>) => Promise<RowsPage<R>>;
}

export class PagedRows<R, K extends string> {
  readonly limit: number;
  rows = $state.raw<R[]>([]);
  total = $state(0);
  offset = $state(0);
  sort: K = $state(null as unknown as K);
  descending = $state(true);
  search = $state('');
  loading = $state(false);
  error = $state<string | null>(null);
  #fetch: (query: PageQuery<K>) => Promise<RowsPage<R>>;
  #startsDescending: (key: K) => boolean;
  #ticket = 0;

  constructor(options: PagedRowsOptions<R, K>) {
    this.limit = options.limit;
    this.sort = options.sort;
    this.descending = options.descending ?? true;
    this.#fetch = options.fetch;
    this.#startsDescending = options.startsDescending ?? (() => true);
  }

  /** The query of the page shown (or being loaded). */
  get query(): PageQuery<K> {
    return { offset: this.offset, limit: this.limit, sort: this.sort, descending: this.descending, search: this.search };
  }

  /** The 1-based number of the first row shown, 0 when there is none. */
  get from(): number {
    return this.total === 0 ? 0 : this.offset + 1;
  }

  /** The number of the last row shown. */
  get to(): number {
    return Math.min(this.total, this.offset + this.limit);
  }

  get hasPrevious(): boolean {
    return this.offset > 0;
  }

  get hasNext(): boolean {
    return this.offset + this.limit < this.total;
  }

  /** Fetches the page at `offset` for the current sort and search. */
  async load(offset = this.offset): Promise<void> {
    const ticket = ++this.#ticket;
    this.offset = offset;
    this.loading = true;
    try {
      const page = await this.#fetch(this.query);
      if (ticket !== this.#ticket) return;
      this.show(page);
    } catch (e) {
      if (ticket === this.#ticket) this.error = message(e);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  /** Sorts by `key` (again: the other way round) from the first page. */
  sortBy(key: K): Promise<void> {
    if (this.sort === key) this.descending = !this.descending;
    else {
      this.sort = key;
      this.descending = this.#startsDescending(key);
    }
    return this.load(0);
  }

  setSearch(text: string): Promise<void> {
    this.search = text;
    return this.load(0);
  }

  /** Goes to the page at `offset` (kept within the rows there are). */
  goTo(offset: number): Promise<void> {
    return this.load(Math.max(0, Math.min(offset, Math.max(0, this.total - 1))));
  }

  next(): Promise<void> {
    return this.goTo(this.offset + this.limit);
  }

  previous(): Promise<void> {
    return this.goTo(this.offset - this.limit);
  }

  /** Shows a page fetched elsewhere (the first page a run returns, or one restored after a reload); drops older answers. */
  show(page: RowsPage<R>, query: Partial<Pick<PageQuery<K>, 'sort' | 'descending' | 'search'>> = {}): void {
    if (query.sort !== undefined) this.sort = query.sort;
    if (query.descending !== undefined) this.descending = query.descending;
    if (query.search !== undefined) this.search = query.search;
    this.#ticket++;
    this.rows = page.rows;
    this.total = page.total;
    this.offset = page.offset ?? this.offset;
    this.error = null;
    this.loading = false;
  }

  /** No rows (a new run started, or its data is gone); the sort and search are kept unless given. */
  clear(query: Partial<Pick<PageQuery<K>, 'sort' | 'descending' | 'search'>> = {}): void {
    this.show({ rows: [], total: 0, offset: 0 }, query);
  }
}
