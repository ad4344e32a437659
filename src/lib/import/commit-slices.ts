// The in-order commit of a parallel import: slice results (src/lib/import/slices.ts) become the same
// chunks, dictionaries, rejected lines and counts a one-pass Importer gives. A slice's dictionary codes
// are its helper's (kept across that helper's slices, src/lib/import/slices.ts): every result, committed
// or not, first tells the committer the helper's new values (`learn`, in the order each helper returns
// them); then, in file order, its codes are mapped onto one dictionary as its rows are copied (a value is
// added where it first appears, so codes follow first appearance in the file, as in one pass). Line
// numbers move by the lines before the slice, and rows are re-cut into the dataset's chunk size.
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

/** A helper's dictionary of one column as the committer knows it: values by helper code, and their codes here (-1: not met yet). */
interface CodeSpace {
  values: string[];
  codes: Int32Array;
}

/** The code spaces a result's codes refer to, per column (null for numeric ones): what `learn` returns for `add`. */
export type SliceSpaces = (CodeSpace | null)[];

export class SliceCommitter {
  /** Per helper, per column: its current code space. */
  private readonly helpers = new Map<number, SliceSpaces>();
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

  /**
   * Takes the dictionary values helper `h` added in result r (every result of that helper, in the order it
   * returned them); returns the code spaces r's codes refer to, for `add`.
   */
  learn(h: number, r: SliceResult): SliceSpaces {
    let spaces = this.helpers.get(h);
    if (!spaces) this.helpers.set(h, (spaces = this.specs.map(() => null)));
    r.summary.dictionaries.forEach((d, c) => {
      if (!d) return;
      const from = r.dictFrom[c];
      let space = (spaces as SliceSpaces)[c];
      // A new dictionary (the helper's first, or one started again past its size limit): earlier results keep theirs.
      if (from === 0 || !space) space = { values: [], codes: new Int32Array(0) };
      if (space.values.length !== from) throw new Error(`Import helper ${h}: dictionary of "${this.specs[c].name}" continues at ${from}, ${space.values.length} values known`);
      // (Not push(...d): a slice of distinct ids would overflow the call stack.)
      for (const v of d) space.values.push(v);
      if (space.codes.length < space.values.length) {
        const codes = new Int32Array(Math.max(16, space.values.length * 2)).fill(-1);
        codes.set(space.codes);
        space.codes = codes;
      }
      (spaces as SliceSpaces)[c] = space;
    });
    return spaces.slice();
  }

  /** Adds the next result in file order, with the code spaces `learn` gave for it. */
  add(r: SliceResult, spaces: SliceSpaces): void {
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
    for (const chunk of r.chunks) this.copy(chunk, spaces);
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

  /** The code here of helper code `code` in `space`, the value added to the import's dictionary where first met. */
  private codeOf(c: number, space: CodeSpace, code: number): number {
    const v = space.values[code];
    const dict = this.dicts[c] as StringDict;
    const here = dict.get(v, 0, v.length) ?? dict.add(v);
    space.codes[code] = here;
    return here;
  }

  private allocate(): void {
    this.out = this.specs.map((s) => (isNumericType(s.type) ? new Float64Array(this.chunkRows) : new Int32Array(this.chunkRows)));
  }

  private copy(chunk: ColumnChunk, spaces: SliceSpaces): void {
    let from = 0;
    while (from < chunk.rows) {
      const take = Math.min(chunk.rows - from, this.chunkRows - this.fill);
      for (let c = 0; c < this.out.length; c++) {
        const space = spaces[c];
        if (!space) {
          (this.out[c] as Float64Array).set((chunk.columns[c] as Float64Array).subarray(from, from + take), this.fill);
          continue;
        }
        const src = chunk.columns[c] as Int32Array;
        const dst = this.out[c] as Int32Array;
        const codes = space.codes;
        for (let i = 0, o = this.fill; i < take; i++, o++) {
          const code = src[from + i];
          const here = code < 0 ? code : codes[code];
          dst[o] = here >= 0 || code < 0 ? here : this.codeOf(c, space, code);
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
