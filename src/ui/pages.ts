// The app's sections, in navigation order. Each page gets the shared app context as its one prop.
import type { Component } from 'svelte';
import type { AppContext } from '../state/app-context';
import ActionsPage from './actions/ActionsPage.svelte';
import ChurnPage from './churn/ChurnPage.svelte';
import ClvPage from './clv/ClvPage.svelte';
import DataPage from './data/DataPage.svelte';
import RecommendPage from './recommend/RecommendPage.svelte';
import SatisfactionPage from './satisfaction/SatisfactionPage.svelte';
import SegmentsPage from './segments/SegmentsPage.svelte';
import WorkspacePage from './workspace/WorkspacePage.svelte';

export interface PageDef {
  id: string;
  label: string;
  component: Component<{ ctx: AppContext }>;
}

export const PAGES: PageDef[] = [
  { id: 'data', label: 'Data', component: DataPage },
  { id: 'segments', label: 'Segments', component: SegmentsPage },
  { id: 'churn', label: 'Churn', component: ChurnPage },
  { id: 'satisfaction', label: 'Satisfaction', component: SatisfactionPage },
  { id: 'clv', label: 'Lifetime value', component: ClvPage },
  { id: 'recommend', label: 'Recommendations', component: RecommendPage },
  { id: 'actions', label: 'Actions', component: ActionsPage },
  { id: 'workspace', label: 'Workspace', component: WorkspacePage },
];
