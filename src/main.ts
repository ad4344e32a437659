import './ui/app.css';
import { warmIcu } from './state/icu-warm';

// First load in short main-thread tasks (issue 15: none over 50 ms). ICU's locale data loads in a worker while the
// app's code is fetched; the code (Svelte runtime, Dexie, state) is evaluated in one task and mounted in the next,
// where both in one task made the longest task of a first visit.
void warmIcu();
const [{ mount }, { default: App }] = await Promise.all([import('svelte'), import('./ui/App.svelte')]);
await new Promise((resolve) => setTimeout(resolve, 0));
mount(App, { target: document.getElementById('app')! });
