import { describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord } from './records';
import { concatBytes } from './streams';

async function roundTrip(records: [string, unknown][]): Promise<{ table: string; value: unknown }[]> {
  const bytes = concatBytes(records.flatMap(([t, v]) => encodeRecord(t, v)));
  async function* pieces() {
    for (let at = 0; at < bytes.length; at += 5) yield bytes.subarray(at, at + 5);
  }
  const out = [];
  for await (const r of decodeRecords(pieces())) out.push(r);
  return out;
}

describe('workspace records', () => {
  it('keeps what IndexedDB keeps: typed arrays, NaN, -0, undefined, dates, maps, sets', async () => {
    const value = {
      f64: Float64Array.of(1.5, NaN, -Infinity),
      i8: Int8Array.of(-128, 0, 127),
      sub: new Int16Array(Int16Array.of(1, 2, 3, 4).buffer, 2, 2),
      f32: Float32Array.of(0.25),
      buf: Uint8Array.of(9, 8).buffer,
      nums: [NaN, Infinity, -0, 0, 1e300],
      holes: [undefined, null, 'x'],
      nested: { $t: 'not a tag', deep: [{ a: 1 }] },
      when: new Date(86_400_000),
      map: new Map([['a', Int32Array.of(7)]]),
      set: new Set([1, 'b']),
      big: 12345678901234567890n,
      text: 'héllo ✓',
    };
    const [r] = await roundTrip([['settings', value]]);
    expect(r.table).toBe('settings');
    expect(r.value).toEqual(value);
    const v = r.value as typeof value;
    expect(v.f64).toBeInstanceOf(Float64Array);
    expect(Array.from(v.sub)).toEqual([2, 3]);
    expect(Object.is(v.nums[2], -0)).toBe(true);
  });

  it('reads many records split at any byte', async () => {
    const records: [string, unknown][] = Array.from({ length: 20 }, (_, i) => ['chunks', { i, data: Float64Array.from({ length: i }, (_, j) => j / 3) }]);
    const out = await roundTrip(records);
    expect(out.map((r) => [r.table, r.value])).toEqual(records);
  });

  it('names what is wrong with bad bytes', async () => {
    const bytes = concatBytes(encodeRecord('t', { a: Float64Array.of(1) }));
    async function* cut() {
      yield bytes.subarray(0, bytes.length - 3);
    }
    await expect(async () => {
      for await (const _ of decodeRecords(cut())) void _;
    }).rejects.toThrow('record 1: cut off');
    expect(() => encodeRecord('t', { f: () => 1 })).toThrow('Cannot store a function');
  });
});
