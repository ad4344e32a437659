// The view in the URL: the page, its chosen dataset and its tab, as a hash route (`#/churn?dataset=<id>&tab=scores`),
// so any static server and the offline app serve it. Navigating pushes a history entry; Back and Forward move between
// views; a reload or a bookmark opens the same view. Automatic choices (a default dataset, a fallback for a deleted
// one, a form restored with the last result) replace the entry instead, so Back does not step through them.
// Pages see one tiny API, PageUrl (read and write a parameter of their own), through the app context.
import { untrack } from 'svelte';

export type Params = Record<string, string>;

export interface Route {
  page: string;
  params: Params;
}

/** Reads `#/page?a=1&b=2`; an unknown or missing page is `fallback` (its parameters are dropped). */
export function parseHash(hash: string, pages: readonly string[], fallback: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const page = decode(q < 0 ? body : body.slice(0, q));
  if (page === null || !pages.includes(page)) return { page: fallback, params: {} };
  const params: Params = {};
  if (q >= 0) {
    for (const pair of body.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const k = decode(eq < 0 ? pair : pair.slice(0, eq));
      const v = decode(eq < 0 ? '' : pair.slice(eq + 1));
      if (k && v) params[k] = v;
    }
  }
  return { page, params };
}

/** A URI component ('+' read as a space, as forms write it), or null when it is malformed. */
function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** `#/page?a=1&b=2`, empty parameters left out, names in alphabetical order (one spelling per view). */
export function formatHash(route: Route): string {
  const query = Object.entries(route.params)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return `#/${encodeURIComponent(route.page)}${query ? `?${query}` : ''}`;
}

/** Where the route lives: the browser's location and history, or a fake one in tests. */
export interface HistoryPort {
  hash(): string;
  push(hash: string): void;
  replace(hash: string): void;
  /** Calls `onChange` when Back, Forward or a typed/bookmarked hash changes the location; returns a stop function. */
  listen(onChange: () => void): () => void;
  /** True while the user's own input (a click, a key, a change of a field) is being handled. */
  userActing(): boolean;
}

export function browserHistory(): HistoryPort {
  // Set by the user's input events (capture phase, before any handler) until the next task: state changed while
  // handling one, and the effects it runs, are the user's doing; a result restored after an await is not.
  // One input makes one history entry: a second change it causes (a new kind that brings its default dataset)
  // replaces the entry the first one pushed.
  let acting = false;
  let pushed = false;
  const input = () => {
    acting = true;
    setTimeout(() => (acting = pushed = false), 0);
  };
  for (const type of ['pointerdown', 'click', 'keydown', 'input', 'change']) window.addEventListener(type, input, true);
  // Writes are coalesced and made in a task of their own: each pushState/replaceState is a same-document
  // navigation costing the main thread several ms, and opening a page wrote once per parameter inside the task
  // that mounts it (a long task on every page switch). A push followed by replaces is one push of the last hash;
  // a replace is never merged into a later push (that would drop the replaced entry): the push flushes it first.
  // Whether the user did it is taken when the write is asked for (the input's flag is gone by the write).
  let pending: { hash: string; push: boolean; acting: boolean } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    const p = pending;
    pending = null;
    if (!p) return;
    if (p.push) {
      if (p.acting && pushed) history.replaceState(history.state, '', p.hash);
      else history.pushState(history.state, '', p.hash);
      pushed = p.acting;
    } else if (p.hash !== location.hash) history.replaceState(history.state, '', p.hash);
  };
  const queue = (hash: string, push: boolean) => {
    if (pending && push && !pending.push) flush();
    if (pending) {
      pending.hash = hash;
      pending.acting ||= acting;
    } else {
      pending = { hash, push, acting };
      timer = setTimeout(flush, 0);
    }
  };
  return {
    userActing: () => acting,
    hash: () => pending?.hash ?? location.hash,
    push: (hash) => queue(hash, true),
    replace: (hash) => queue(hash, false),
    listen(listener) {
      // Back, Forward or a typed URL wins over a write not yet made.
      const onChange = () => {
        clearTimeout(timer);
        pending = null;
        listener();
      };
      window.addEventListener('popstate', onChange);
      window.addEventListener('hashchange', onChange);
      return () => {
        window.removeEventListener('popstate', onChange);
        window.removeEventListener('hashchange', onChange);
      };
    },
  };
}

/** A page's view of the URL: its own parameters, remembered while another page is shown. */
export interface PageUrl {
  /** The parameter's value, '' when unset. */
  get(name: string): string;
  /** Sets it: a new history entry when this page is shown, the value changes and the user did it; else `replace`. */
  set(name: string, value: string, options?: { replace?: boolean }): void;
}

export class Router {
  readonly pages: readonly string[];
  readonly fallback: string;
  page = $state('');
  /** Each page's parameters: the URL's for the page shown, the last ones seen for the others. */
  #params = $state<Record<string, Params>>({});
  #port: HistoryPort;

  constructor(pages: readonly string[], port: HistoryPort, fallback = pages[0]) {
    this.pages = pages;
    this.fallback = fallback;
    this.#port = port;
    this.#read();
  }

  /** Follows Back/Forward and typed URLs; writes the canonical form of the opening URL. Returns a stop function. */
  start(): () => void {
    this.#read();
    const canonical = this.#hash();
    if (canonical !== this.#port.hash()) this.#port.replace(canonical);
    return this.#port.listen(() => this.#read());
  }

  /** Shows another page with the parameters it had last (a new history entry). */
  go(page: string): void {
    if (!this.pages.includes(page) || page === this.page) return;
    this.page = page;
    this.#port.push(this.#hash());
  }

  param(page: string, name: string): string {
    return this.#params[page]?.[name] ?? '';
  }

  setParam(page: string, name: string, value: string, options: { replace?: boolean } = {}): void {
    if (this.param(page, name) === value) return;
    const params = { ...this.#params[page] };
    if (value === '') delete params[name];
    else params[name] = value;
    this.#params = { ...this.#params, [page]: params };
    if (page !== this.page) return;
    // Only the user's own choices are steps of Back; a default or a restored result replaces the entry.
    if (options.replace || !this.#port.userActing()) this.#port.replace(this.#hash());
    else this.#port.push(this.#hash());
  }

  view(page: string): PageUrl {
    return {
      get: (name) => this.param(page, name),
      set: (name, value, options) => this.setParam(page, name, value, options),
    };
  }

  #hash(): string {
    return formatHash({ page: this.page, params: this.#params[this.page] ?? {} });
  }

  #read(): void {
    const route = parseHash(this.#port.hash(), this.pages, this.fallback);
    this.page = route.page;
    this.#params = { ...this.#params, [route.page]: route.params };
  }
}

/**
 * Keeps one page parameter and a piece of page state in step, both ways, for the life of the component that calls
 * it (call it while a component initialises). `read` is the state's current value ('' for none), `write` applies a
 * value from the URL, `valid` says whether a value can be applied (e.g. the dataset still exists; '' only for an optional one).
 * A URL value that is not valid is replaced by the state's own (the page's default), without an error. A change of
 * state pushes a history entry when it moves from one valid value to another (the user chose), and replaces the
 * entry when it fills in an empty or no longer valid one (an automatic default).
 */
export function syncParam(url: PageUrl, name: string, read: () => string, write: (value: string) => void, valid: (value: string) => boolean): void {
  let last: string | null = null;
  // Only a change of this parameter's own value re-runs the effect below: when another parameter changes first, the
  // URL may still hold this one's old value while the state already has the new one (on its way to the URL).
  const inUrl = $derived(url.get(name));
  // URL -> state: Back, Forward, a reload or a bookmark.
  $effect(() => {
    const wanted = inUrl;
    untrack(() => {
      const current = read();
      if (wanted === current) return;
      // '' (no value) applies only where `valid('')` allows it: an optional parameter, such as a filter.
      if (valid(wanted)) {
        last = wanted;
        write(wanted);
      } else url.set(name, current, { replace: true });
    });
  });
  // State -> URL: the user's choice, or a default the page filled in.
  $effect(() => {
    const value = read();
    untrack(() => {
      const previous = last;
      last = value;
      if (value === url.get(name)) return;
      const automatic = previous === null || !valid(previous);
      url.set(name, value, { replace: automatic });
    });
  });
}
