// The app's sections, in navigation order. Each page gets the shared app context as its one prop.
import type { Component } from 'svelte';
import type { AppContext } from '../state/app-context';
import DataPage from './data/DataPage.svelte';

export interface PageDef {
  id: string;
  label: string;
  component: Component<{ ctx: AppContext }>;
}

export const PAGES: PageDef[] = [{ id: 'data', label: 'Data', component: DataPage }];
