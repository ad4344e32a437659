// Whether a planned import would give a usable dataset, decided from the preview before the user is
// offered an Import button (the importer itself only finds out after reading the whole file).
import { PREVIEW_ROWS, type ImportPlan } from './parse-table';

/**
 * Why this file cannot be imported as planned, as a clause that follows the file name ("has a header
 * row ... but no data rows"), or null when it can. `complete` is true when the plan was made from the
 * whole file, so an empty preview means the file has no data rows at all.
 */
export function unusableReason(plan: Pick<ImportPlan, 'header' | 'delimiter' | 'columns' | 'preview'>, complete: boolean): string | null {
  const width = plan.columns.length;
  if (width === 0) return 'has no columns';
  const rows = plan.preview;
  if (rows.length === 0) {
    if (!complete) return null;
    const names = plan.columns.map((c) => c.name);
    const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');
    return plan.header ? `has a header row (${shown}) but no data rows` : 'has no data rows';
  }
  // The rest only holds when the preview is every row of the file (it shows at most PREVIEW_ROWS).
  if (!complete || rows.length >= PREVIEW_ROWS) return null;
  if (rows.every((r) => r.every((v) => v.trim() === ''))) return 'has no values: every cell of every row is empty';
  // The importer rejects records wider than the columns, and whole lines wrapped in one pair of quotes.
  const delim = plan.delimiter === 'whitespace' ? ' ' : plan.delimiter;
  const fits = (r: string[]) => r.length <= width && !(r.length === 1 && width > 1 && r[0].includes(delim));
  if (!rows.some(fits)) {
    return `has no row that fits its ${width} column${width === 1 ? '' : 's'}: every row would be rejected (check the delimiter and the header setting)`;
  }
  return null;
}
