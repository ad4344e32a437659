// CSV export that a spreadsheet cannot turn into a formula: cells starting with = + - @ or a
// control character are prefixed with an apostrophe (OWASP's advice), and numbers stay numbers.

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = String(value);
  if (FORMULA_START.test(s) && !isPlainNumber(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function isPlainNumber(s: string): boolean {
  return /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s);
}

export function toCsv(header: string[], rows: Iterable<unknown[]>): string {
  const lines = [header.map(escapeCell).join(',')];
  for (const row of rows) lines.push(row.map(escapeCell).join(','));
  return lines.join('\r\n') + '\r\n';
}
