// The importer's byte path (Importer.pushBytes: lines split and typed on the file's bytes) against its text
// path (push of the decoded text, the path every other test of the importer checks): on seeded generated
// files of typed columns with the lines the byte path must hand over (quotes, multi-line fields, CR line
// ends, non-ASCII and invalid UTF-8, ragged and blank lines, a header, cells that do not fit their type),
// in any cutting of the bytes, both give the same chunks, dictionaries, rejected lines, summary and
// invalid-UTF-8 offsets.
import { describe, expect, it, vi } from 'vitest';
import type { Delimiter } from './csv';
import { createDecoder, type InvalidBytes } from './encoding';
import { Importer, type ColumnChunk, type ColumnSpec, type RejectedRow } from './importer';

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS: ColumnSpec[] = [
  { name: 'n', type: 'number', format: { kind: 'number', decimal: '.', percent: false, currency: false } },
  { name: 'nc', type: 'number', format: { kind: 'number', decimal: ',', percent: false, currency: false } },
  { name: 'b', type: 'boolean', format: { kind: 'boolean', pair: ['yes', 'no'] } },
  { name: 'd', type: 'date', format: { kind: 'date', date: 'iso', ambiguous: false } },
  { name: 'c', type: 'category', format: { kind: 'string' } },
  { name: 'id', type: 'id', format: { kind: 'id', integralFloat: true } },
];

const CELLS: string[][] = [
  ['1', '-2.5', '+3', '0.10', '1234567890123456', '1.', '.5', '-', '', ' 7 ', 'x', '1,200.50', '1e3', '-0', '00012'],
  ['1,5', '-2', '3,', ',', 'NA', '1.234,5', '7', 'z'],
  ['yes', 'no', 'Yes', ' no', 'maybe', '', 'NA'],
  ['2024-01-31', '2024-02-30', '2023-12-01T10:00:00', '', 'soon', '2024-1-5'],
  ['a', 'b', 'A', ' a ', 'NA', 'null', '', 'zoë', 'x y', 'a;b', 'a|b'],
  ['17850', '17850.0', '17850.00', '12', '12.5', 'C-1', ''],
];

const DELIMS: Delimiter[] = [',', ';', '\t', '|'];

function generate(rand: () => number): { bytes: Uint8Array; delim: Delimiter; header: boolean } {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const delim = pick(DELIMS);
  const header = rand() < 0.6;
  const row = () => CELLS.map((cs) => pick(cs)).map((v) => (v.includes(delim) ? `"${v}"` : v));
  const lines: string[] = header ? [COLUMNS.map((c) => c.name).join(delim)] : [];
  const n = 5 + Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) {
    const u = rand();
    const r = row();
    if (u < 0.75) lines.push(r.join(delim));
    else if (u < 0.8) lines.push(r.slice(0, 1 + Math.floor(rand() * 5)).join(delim)); // padded
    else if (u < 0.84) lines.push([...r, 'extra'].join(delim)); // too many fields
    else if (u < 0.87) lines.push(r.join(delim) + delim); // a trailing delimiter
    else if (u < 0.9) lines.push(pick(['', ' ', '\t']));
    else if (u < 0.93) lines.push([...r.slice(0, 4), `"multi${pick(['\n', '\r\n'])}line"`, r[5]].join(delim));
    else if (u < 0.95) lines.push(`${r.join(delim)}"`); // a stray quote
    else if (u < 0.97) lines.push(r.join(delim).replace(/^/, '\uFEFF'));
    else lines.push(r.join(delim).replace('a', '\u0000'));
  }
  const eol = () => (rand() < 0.8 ? '\n' : rand() < 0.8 ? '\r\n' : '\r');
  const text = lines.map((l, i) => l + (i < lines.length - 1 || rand() < 0.7 ? eol() : '')).join('');
  let bytes = new TextEncoder().encode((rand() < 0.1 ? '\uFEFF' : '') + text);
  if (rand() < 0.15) {
    // Invalid UTF-8: a lone continuation byte and a cut sequence in place of some letter a.
    const at = bytes.indexOf(97, Math.floor(rand() * bytes.length));
    if (at >= 0) bytes = Uint8Array.from([...bytes.subarray(0, at), ...pick([[0x80], [0xc3, 0x28], [0xe2, 0x82]]), ...bytes.subarray(at + 1)]);
  }
  return { bytes, delim, header };
}

function cuts(n: number, rand: () => number): number[] {
  if (rand() < 0.4) return [n];
  const out: number[] = [];
  for (let at = 0; at < n; ) {
    at = Math.min(n, at + 1 + Math.floor(rand() * (rand() < 0.3 ? 5 : 400)));
    out.push(at);
  }
  return out;
}

function run(bytes: Uint8Array, delim: Delimiter, header: boolean, ends: number[], byBytes: boolean, encoding: 'utf-8' | 'latin1' = 'utf-8', kernel = true) {
  const chunks: ColumnChunk[] = [];
  const rejected: RejectedRow[] = [];
  const invalid: InvalidBytes[] = [];
  const imp = new Importer({ kernel, delimiter: delim, header, columns: COLUMNS, chunkRows: 5, onChunk: (c) => chunks.push(c), onRejected: (r) => rejected.push(r) });
  const decoder = createDecoder(encoding, { onInvalid: (s) => invalid.push(s), offset: 100 });
  for (let from = 0, k = 0; k < ends.length; from = ends[k++]) {
    const piece = bytes.subarray(from, ends[k]);
    if (byBytes) imp.pushBytes(piece, decoder);
    else imp.push(decoder.decode(piece, false));
  }
  imp.push(decoder.decode(new Uint8Array(0), true));
  const summary = imp.finish();
  return { summary, chunks: chunks.map((c) => ({ ...c, columns: c.columns.map((a) => Array.from(a)) })), rejected, invalid };
}

describe('byte path of the importer', () => {
  // Typed in WebAssembly (byteRowsKernel: numbers, then cells looked up in kernel tables) and on the
  // JavaScript loops (byteRows, where the kernel does not compile).
  it.each([
    ['byteRowsKernel', true, 300],
    ['byteRows', false, 150],
  ] as const)('gives exactly what the text path gives, in any cutting of the bytes (seeded files; %s)', (method, kernel, files) => {
    const rand = mulberry32(1207);
    // Rows the byte path typed itself (the rest went through the text path).
    const byteRows = vi.spyOn(Importer.prototype as unknown as Record<typeof method, (bytes: Uint8Array, x: unknown, rows: number) => void>, method);
    let rows = 0;
    for (let f = 0; f < files; f++) {
      const g = generate(rand);
      // The same cuts on both sides: where a cut falls inside an invalid sequence changes the bytes it reports.
      const ends = cuts(g.bytes.length, rand);
      const text = run(g.bytes, g.delim, g.header, ends, false);
      const bytes = run(g.bytes, g.delim, g.header, ends, true, 'utf-8', kernel);
      if (JSON.stringify(bytes) !== JSON.stringify(text)) expect(bytes, `file #${f} ${JSON.stringify(new TextDecoder().decode(g.bytes))} cut at ${ends.join(',')}`).toEqual(text);
      rows += bytes.summary.rows;
    }
    // The files must hold plenty of plain lines for the byte path to take, and others for the text path.
    const typedOnBytes = byteRows.mock.calls.reduce((n, call) => n + call[2], 0);
    byteRows.mockRestore();
    expect(typedOnBytes).toBeGreaterThan(files * 3);
    expect(rows - typedOnBytes).toBeGreaterThan(files * 1.5);
  });

  it('reads Latin-1 bytes over 127 through the text path, the same as before', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('n,nc,b,d,c,id\n1,2,yes,2024-01-01,'), 0xe9, 0x80, ...new TextEncoder().encode(',7\n2,3,no,2024-01-02,a,8\n')]);
    const byLatin = run(bytes, ',', true, [bytes.length], true, 'latin1');
    expect(byLatin).toEqual(run(bytes, ',', true, [bytes.length], false, 'latin1'));
    expect(byLatin.summary.dictionaries[4]).toEqual(['é€', 'a']);
    expect(byLatin.summary.rows).toBe(2);
  });
});
