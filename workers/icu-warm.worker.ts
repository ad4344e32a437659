// ICU warm-up: the first Intl formatter a renderer process creates loads ICU's locale data, 30-60 ms (far more
// under load) in one native call that cannot be split. That data is shared by the whole process, so paying for it
// here, in a throwaway worker started before the pages load, keeps it off the UI thread (src/state/icu-warm.ts).
// First: no code of this worker may reach the network (see no-network.ts).
import './no-network';

// The formatters the pages create first: src/ui/format.ts's numbers, the dataset list's dates, the en-US counts.
new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(1234.5);
new Date(0).toLocaleString();
new Date(0).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
(1234).toLocaleString('en-US');
postMessage('ready');
