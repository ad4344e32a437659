// Helpers for the demo generator's tests: the files are simple enough to split by hand.

export interface Csv {
  header: string[];
  rows: string[][];
  col(name: string): string[];
}

/** Splits generated CSV (no quoted fields expected: it fails loudly if one appears). */
export function readCsv(text: string): Csv {
  if (text.includes('"')) throw new Error('readCsv: quoted fields are not expected in demo files');
  if (!text.endsWith('\n')) throw new Error('readCsv: file must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  for (const r of rows) {
    if (r.length !== header.length) throw new Error(`readCsv: row has ${r.length} fields, header ${header.length}: ${r.join(',')}`);
  }
  return {
    header,
    rows,
    col(name: string): string[] {
      const j = header.indexOf(name);
      if (j < 0) throw new Error(`readCsv: no column ${name}`);
      return rows.map((r) => r[j]);
    },
  };
}

/** Epoch ms of `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC). */
export function parseTime(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`);
}
