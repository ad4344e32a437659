// The in-order commit of a parallel import: slice results (src/lib/import/slices.ts) become the same
// chunks, dictionaries, rejected lines and counts a one-pass Importer gives. Each slice's dictionary
// codes are mapped onto one dictionary (values are added in slice order, so codes follow first
// appearance in the file, as in one pass), its line numbers move by the lines before it, and its
// rows are re-cut into the dataset's chunk size.
import { shiftReasonLines } from '../data/csv';
import { StringDict } from '../data/dictionary';
import { INVALID_KEPT } from '../data/encoding';
import { isNumericType, type ColumnChunk, type ColumnSpec, type ImportSummary, type InvalidCell, type RejectedRow } from '../data/importer';
import type { InvalidTally } from '../data/parse-table';
import type { SliceResult } from './slices';

/** The importer's own sample sizes (src/lib/data/importer.ts), so the summaries match. */
const REJECTED_SAMPLE = 100;
const PADDED_SAMPLE = 20;
const INVALID_EXAMPLES = 5;

export class SliceCommitter {
  private readonly dicts: (StringDict | null)[];
  private out: (Float64Array | Int32Array)[] = [];
  private fill = 0;
  private chunkIndex = 0;
  private lines = 0;
  private headerLine: number | null = null;
  private readonly invalidCounts: number[];
  private readonly invalidExamples: InvalidCell[][];
  private readonly s = { rows: 0, rejected: 0, blankLines: 0, continuationLines: 0, paddedRows: 0, paddedSample: [] as number[], rejectedSample: [] as RejectedRow[] };

  constructor(
    private readonly specs: readonly ColumnSpec[],
    private readonly chunkRows: number,
    private readonly onChunk: (chunk: ColumnChunk) => void,
    private readonly onRejected: (row: RejectedRow) => void,
    private readonly utf8: InvalidTally,
  ) {
    this.dicts = specs.map((s) => (isNumericType(s.type) ? null : new StringDict()));
    this.invalidCounts = specs.map(() => 0);
    this.invalidExamples = specs.map(() => []);
    this.allocate();
  }

  /** Adds the next result in file order. */
  add(r: SliceResult): void {
    const by = this.lines;
    const sum = r.summary;
    if (sum.headerLine !== null && this.headerLine === null) this.headerLine = sum.headerLine + by;
    for (const row of r.rejected) {
      const moved = { line: row.line + by, reason: shiftReasonLines(row.reason, by), text: row.text };
      if (this.s.rejectedSample.length < REJECTED_SAMPLE) this.s.rejectedSample.push(moved);
      this.onRejected(moved);
    }
    this.s.rows += sum.rows;
    this.s.rejected += sum.rejected;
    this.s.blankLines += sum.blankLines;
    this.s.continuationLines += sum.continuationLines;
    this.s.paddedRows += sum.paddedRows;
    for (const line of sum.paddedSample) if (this.s.paddedSample.length < PADDED_SAMPLE) this.s.paddedSample.push(line + by);
    for (const inv of sum.invalid) {
      const c = this.specs.findIndex((s) => s.name === inv.column);
      this.invalidCounts[c] += inv.count;
      const ex = this.invalidExamples[c];
      for (const e of inv.examples) if (ex.length < INVALID_EXAMPLES) ex.push({ line: e.line + by, text: e.text });
    }
    for (const s of r.utf8.kept) if (this.utf8.kept.length < INVALID_KEPT) this.utf8.kept.push(s);
    this.utf8.count += r.utf8.count;
    const maps = sum.dictionaries.map((d, c) => (d ? this.codeMap(c, d) : null));
    for (const chunk of r.chunks) this.copy(chunk, maps);
    this.lines += sum.lines;
  }

  /** Rows and rejected lines committed so far, for progress. */
  finishedSoFar(): { rows: number; rejected: number } {
    return { rows: this.s.rows, rejected: this.s.rejected };
  }

  finish(): ImportSummary & { dictionaries: (string[] | null)[]; chunks: number } {
    if (this.fill > 0) this.flush();
    const invalid = this.specs.flatMap((s, c) => (this.invalidCounts[c] > 0 ? [{ column: s.name, count: this.invalidCounts[c], examples: this.invalidExamples[c] }] : []));
    return {
      ...this.s,
      dataLines: this.s.rows + this.s.rejected,
      invalid,
      dictionaries: this.dicts.map((d) => (d ? d.values : null)),
      chunks: this.chunkIndex,
      headerLine: this.headerLine,
      lines: this.lines,
    };
  }

  /** Local code -> code in the import's dictionary, adding the values not seen in earlier slices. */
  private codeMap(c: number, local: string[]): Int32Array {
    const dict = this.dicts[c] as StringDict;
    const map = new Int32Array(local.length);
    for (let i = 0; i < local.length; i++) {
      const v = local[i];
      map[i] = dict.get(v, 0, v.length) ?? dict.add(v);
    }
    return map;
  }

  private allocate(): void {
    this.out = this.specs.map((s) => (isNumericType(s.type) ? new Float64Array(this.chunkRows) : new Int32Array(this.chunkRows)));
  }

  private copy(chunk: ColumnChunk, maps: (Int32Array | null)[]): void {
    let from = 0;
    while (from < chunk.rows) {
      const take = Math.min(chunk.rows - from, this.chunkRows - this.fill);
      for (let c = 0; c < this.out.length; c++) {
        const map = maps[c];
        if (!map) {
          (this.out[c] as Float64Array).set((chunk.columns[c] as Float64Array).subarray(from, from + take), this.fill);
          continue;
        }
        const src = chunk.columns[c] as Int32Array;
        const dst = this.out[c] as Int32Array;
        for (let i = 0, o = this.fill; i < take; i++, o++) {
          const code = src[from + i];
          dst[o] = code < 0 ? code : map[code];
        }
      }
      this.fill += take;
      from += take;
      if (this.fill === this.chunkRows) this.flush();
    }
  }

  private flush(): void {
    const rows = this.fill;
    const full = rows === this.chunkRows;
    const columns = full ? this.out : this.out.map((a) => a.slice(0, rows));
    this.onChunk({ index: this.chunkIndex++, rows, columns });
    this.fill = 0;
    if (full) this.allocate();
  }
}
