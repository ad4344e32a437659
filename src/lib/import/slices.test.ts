// Parallel import: where slices are cut, and that a sliced parse equals the one-pass parse (rows, codes,
// types, counts, rejected lines with their reasons) whatever the cuts hit: quotes, line breaks in
// quoted fields, CRLF, a BOM, invalid UTF-8, late type conflicts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportRequest } from '../../contract';
import type { ColumnChunk, RejectedRow } from '../data/importer';
import { InvalidTally, planImport, type ImportPlan } from '../data/parse-table';
import { streamImport } from '../data/stream-import';
import { parallelImport, type SliceHelpers } from './parallel';
import { importInto, previewFile, type ImportSink } from './run';
import { cutAt, parseSlices, sliceCount, SliceMemory, type SliceResult } from './slices';

const blob = (text: string | Uint8Array) => new Blob([text as BlobPart]);

/**
 * Helpers in-process: results pass through structuredClone (as through postMessage) and finish out of order;
 * each keeps its dictionaries across its slices (as a helper worker does), limited to `maxValues` per column.
 */
function inProcess(count: number, maxValues?: number): SliceHelpers {
  const memories = new Map<number, SliceMemory>();
  return {
    count,
    parse: async (h, file, plan, job) => {
      await new Promise((r) => setTimeout(r, (job.index * 7) % 3));
      if (job.first || !memories.get(h)?.fits(plan)) memories.set(h, new SliceMemory(plan, maxValues));
      return structuredClone(await parseSlices(file, plan, job, memories.get(h)));
    },
  };
}

/** Every slice's start, cut by cutAt, for a text. */
async function cuts(text: string, sliceBytes: number): Promise<number[]> {
  const b = blob(text);
  return Promise.all(Array.from({ length: sliceCount(b.size, sliceBytes) + 1 }, (_, j) => cutAt(b, j, sliceBytes)));
}

describe('cutting a file into slices', () => {
  it('cuts just after a line feed at or past each nominal start, CRLF kept whole', async () => {
    expect(await cuts('ab\ncd\r\nef\ngh', 4)).toEqual([0, 7, 10, 12]);
    // A cut that would land right after a line feed takes that line feed.
    expect(await cuts('abc\ndef\n', 4)).toEqual([0, 4, 8]);
  });
  it('a file smaller than one slice is one slice; a line longer than a slice swallows the next cut', async () => {
    expect(await cuts('a,b\n1,2\n', 1 << 20)).toEqual([0, 8]);
    expect(await cuts('x'.repeat(20) + '\nab\n', 4)).toEqual([0, 21, 21, 21, 21, 21, 24]);
  });
  it('the parse of a slice cut inside a quoted field reads on to a record start; the next slice is re-covered', async () => {
    const text = 'id,note\n1,"a\nb\nc\nd"\n2,x\n';
    const plan = planImport(new TextEncoder().encode(text));
    // The nominal cut at byte 12 falls after "a\n", inside the quotes.
    const first = await parseSlices(blob(text + '3,y\n4,z\n'), plan, { index: 0, sliceBytes: 12 });
    expect([first.start, first.end, first.next]).toEqual([0, 24, 2]);
    expect(first.summary.rows).toBe(2);
    expect(first.rejected).toEqual([]);
  });
  it('a cut right after a quote character and a BOM at the start: the slices still make the one-pass rows', async () => {
    const text = '\uFEFFid,name\r\n1,"x"\r\n2,"y ""q"""\r\n3,z\r\n';
    for (const size of [1, 2, 3, 5, 8, 13]) await expectSameImport(new TextEncoder().encode(text), size, 2);
  });
});

/** Everything a one-pass streamImport gives, with small chunks so re-chunking across slices is exercised. */
async function oneWay(bytes: Uint8Array, plan: ImportPlan, sliceBytes: number | null, maxValues?: number) {
  const chunks: ColumnChunk[] = [];
  const rejected: RejectedRow[] = [];
  const utf8 = new InvalidTally();
  const committed: SliceResult[] = [];
  const onChunk = (c: ColumnChunk) => void chunks.push({ ...c, columns: c.columns.map((a) => a.slice()) });
  const r = sliceBytes
    ? await parallelImport(blob(bytes), plan, inProcess(3, maxValues), { sliceBytes, chunkRows: 7, onChunk, onRejected: (x) => rejected.push(x), onProgress: () => {}, utf8, onCommitted: (s) => committed.push(s) })
    : await streamImport([bytes], plan, { chunkRows: 7, onChunk, onRejected: (x) => rejected.push(x) });
  return { ...r, chunks: chunks.map((c) => ({ ...c, columns: c.columns.map((a) => Array.from(a)) })), rejected, utf8Count: utf8.count, committed };
}

async function expectSameImport(bytes: Uint8Array, sliceBytes: number, atLeastSlices = 2, types?: Record<string, ImportPlan['columns'][number]['type']>, maxValues?: number) {
  const plan = planImport(bytes, { types });
  const one = await oneWay(bytes, plan, null);
  const many = await oneWay(bytes, plan, sliceBytes, maxValues);
  expect(many.committed.length).toBeGreaterThanOrEqual(atLeastSlices);
  // Every committed parse starts where the one before ended (no gap, no overlap).
  many.committed.forEach((s, i) => expect(s.start).toBe(i === 0 ? 0 : many.committed[i - 1].end));
  expect(many.report).toEqual(one.report);
  expect(many.dictionaries).toEqual(one.dictionaries);
  expect(many.chunks).toEqual(one.chunks);
  expect(many.rejected).toEqual(one.rejected);
  return many;
}

/** A messy file: quoted line breaks (LF and CRLF), doubled quotes, stray quotes, wide rows, blanks, late misfits, bad UTF-8. */
function messy(rows: number): Uint8Array {
  const parts: (string | Uint8Array)[] = ['\uFEFFcustomer,joined,plan,spend,note\r\n'];
  for (let i = 0; i < rows; i++) {
    const note = i % 19 === 0 ? `"line one\nline ""two""\r\nthree ${i}"` : i % 47 === 0 ? `"unclosed ${i}` : `plain ${i % 5}`;
    const spend = i % 17 === 0 ? 'n/a' : i % 11 === 0 ? '' : `${(i * 1.25).toFixed(2)}`;
    const extra = i % 23 === 0 ? ',x,y' : '';
    parts.push(`C${i % 37},2024-0${1 + (i % 9)}-1${i % 9},${['basic', 'pro', 'team'][i % 3]},${spend},${note}${extra}${i % 5 === 0 ? '\r\n' : '\n'}`);
    if (i % 29 === 0) parts.push('\n');
    if (i % 31 === 0) parts.push(new Uint8Array([0x43, 0xff, 0x2c, 0x2c, 0x2c, 0x2c, 0x0a]));
  }
  const enc = new TextEncoder();
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('a sliced parse equals the one-pass parse', () => {
  it('on a generated messy file, cuts anywhere (inside quotes too)', async () => {
    const bytes = messy(300);
    for (const size of [37, 211, 1024]) {
      const many = await expectSameImport(bytes, size, 3, { spend: 'number' });
      expect(many.report.rejected).toBeGreaterThan(0);
      expect(many.report.invalid.length).toBeGreaterThan(0);
      expect(many.utf8Count).toBeGreaterThan(0);
      // Some cut fell inside a record, so a parse read on past its slice and later ones were re-covered.
      if (size === 37) expect(many.committed.some((s) => s.next > s.index + 1)).toBe(true);
      // Helpers kept their dictionaries: later results carry only values their helper had not met.
      expect(many.committed.some((s) => s.dictFrom.some((from) => from > 0))).toBe(true);
    }
    // Helper dictionaries limited to 4 values start again often (older results keep the values they refer to).
    const small = await expectSameImport(bytes, 211, 3, { spend: 'number' }, 4);
    expect(small.committed.filter((s) => s.dictFrom.some((from, c) => from === 0 && s.summary.dictionaries[c] !== null)).length).toBeGreaterThan(3);
  });

  it('on every inference fixture, through importInto (same stored chunks, dictionaries, rejected lines, outcome)', async () => {
    const dir = path.resolve(import.meta.dirname, '../../../tests/fixtures/inference');
    for (const name of readdirSync(dir).filter((f) => !f.endsWith('.json'))) {
      const file = new File([readFileSync(path.join(dir, name))], name);
      const preview = await previewFile(file);
      const request: ImportRequest = { datasetId: name, name, encoding: preview.encoding, delimiter: preview.delimiter, header: preview.header, columns: preview.columns.map((c) => ({ name: c.name, type: c.type })), roles: preview.roles };
      const one = await recorded(file, request);
      const many = await recorded(file, request, 401);
      expect(many, name).toEqual(one);
    }
  });
});

describe('helper dictionaries', () => {
  it('helpers used for a second import start new dictionaries (the committer of that import knows none of their values)', async () => {
    const bytes = messy(120);
    const plan = planImport(bytes);
    const helpers = inProcess(2);
    const run = async () => {
      const r = await parallelImport(blob(bytes), plan, helpers, { sliceBytes: 300, chunkRows: 64, onChunk: () => undefined, onRejected: () => {}, onProgress: () => {}, utf8: new InvalidTally() });
      return r.dictionaries;
    };
    const once = await run();
    expect(await run()).toEqual(once);
    expect(once).toEqual((await oneWay(bytes, plan, null)).dictionaries);
  });

  it('a slice of 150,000 distinct ids: one dictionary in first-appearance order (a regression: the values once overflowed the call stack)', async () => {
    const n = 200_000;
    const text = `id,x\n${Array.from({ length: n }, (_, i) => `k${i},${i % 3}`).join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    const plan = planImport(bytes.subarray(0, 4096), { types: { id: 'id' } }, false);
    let rows = 0;
    const r = await parallelImport(blob(bytes), plan, inProcess(2), { sliceBytes: 3 << 19, chunkRows: 1 << 16, onChunk: (c) => void (rows += c.rows), onRejected: () => {}, onProgress: () => {}, utf8: new InvalidTally() });
    const ids = r.dictionaries[0] as string[];
    expect([rows, ids.length, ids[0], ids[n - 1], ids.every((v, i) => v === `k${i}`)]).toEqual([n, n, 'k0', `k${n - 1}`, true]);
  });
});

describe('encodings', () => {
  const rows = Array.from({ length: 120 }, (_, i) => `c${i % 9};café ${i % 4};${i},5`);
  const text = ['id;name;amount', ...rows].join('\r\n') + '\r\n';
  async function both(bytes: Uint8Array, encoding: string) {
    const file = new File([bytes as BlobPart], 'x.csv');
    const preview = await previewFile(file);
    expect(preview.encoding).toBe(encoding);
    const request: ImportRequest = { datasetId: 'x', name: 'x', encoding: preview.encoding, delimiter: preview.delimiter, header: preview.header, columns: preview.columns.map((c) => ({ name: c.name, type: c.type })), roles: {} };
    let calls = 0;
    const helpers = inProcess(2);
    const counted: SliceHelpers = { count: 2, parse: (...a) => (calls++, helpers.parse(...a)) };
    const one = await recorded(file, request);
    const many = await recorded(file, request, 301, counted);
    expect(many).toEqual(one);
    return calls;
  }
  it('Windows-1252 is cut at line feeds like UTF-8', async () => {
    expect(await both(Uint8Array.from(text, (c) => (c === 'é' ? 0xe9 : c.charCodeAt(0))), 'latin1')).toBeGreaterThan(3);
  });
  it('UTF-16 (a line feed is two bytes) is read in one pass, helpers or not', async () => {
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) le[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    expect(await both(le, 'utf-16le')).toBe(0);
  });
});

/** What importInto hands its sink, and its outcome without the time. */
async function recorded(file: File, request: ImportRequest, sliceBytes?: number, helpers: SliceHelpers = inProcess(2)) {
  const log: unknown[] = [];
  const sink: ImportSink = {
    begin: async (d) => void log.push(['begin', d]),
    putChunk: async (index, columns) => (log.push(['chunk', index, columns.map((a) => Array.from(a))]), 0),
    putRejected: async (rows) => void log.push(['rejected', rows]),
    commit: async (info, dictionaries) => void log.push(['commit', info, dictionaries]),
    abort: async () => void log.push(['abort']),
    pseudonymKeyHex: async () => '00'.repeat(32),
    quotaMessage: async () => 'full',
  };
  const { seconds: _s, ...outcome } = await importInto(sink, file, request, () => {}, sliceBytes ? { helpers, sliceBytes } : undefined);
  return { log, outcome };
}
