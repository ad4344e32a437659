// The app's sections, in navigation order. Each page gets the shared app context as its one prop.
// Pages load on demand (a dynamic import each, so Vite gives each its own chunk): the first load evaluates only
// the shell and the page in the URL, and App warms the others one at a time while the main thread is idle.
// To add a page: one line here, `load: () => import('./<dir>/<Name>Page.svelte')`.
import type { Component } from 'svelte';
import type { AppContext } from '../state/app-context';

export type PageComponent = Component<{ ctx: AppContext }>;

export interface PageDef {
  id: string;
  label: string;
  load: () => Promise<{ default: PageComponent }>;
}

export const PAGES: PageDef[] = [
  { id: 'data', label: 'Data', load: () => import('./data/DataPage.svelte') },
  { id: 'segments', label: 'Segments', load: () => import('./segments/SegmentsPage.svelte') },
  { id: 'churn', label: 'Churn', load: () => import('./churn/ChurnPage.svelte') },
  { id: 'satisfaction', label: 'Satisfaction', load: () => import('./satisfaction/SatisfactionPage.svelte') },
  { id: 'clv', label: 'Lifetime value', load: () => import('./clv/ClvPage.svelte') },
  { id: 'recommend', label: 'Recommendations', load: () => import('./recommend/RecommendPage.svelte') },
  { id: 'uplift', label: 'Uplift', load: () => import('./uplift/UpliftPage.svelte') },
  { id: 'actions', label: 'Actions', load: () => import('./actions/ActionsPage.svelte') },
  { id: 'workspace', label: 'Workspace', load: () => import('./workspace/WorkspacePage.svelte') },
];

const loading = new Map<string, Promise<PageComponent>>();

/** The page's component, loaded once (the same promise for every caller). A failed load is forgotten so a retry loads again. */
export function loadPage(page: PageDef): Promise<PageComponent> {
  let p = loading.get(page.id);
  if (!p) {
    p = page.load().then((m) => m.default);
    p.catch(() => loading.delete(page.id));
    loading.set(page.id, p);
  }
  return p;
}
