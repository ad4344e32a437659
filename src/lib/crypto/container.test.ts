import { describe, expect, it } from 'vitest';
import { describeHeader, openWorkspace, sealWorkspace, WorkspaceFileError } from './container';
import { MIN_ITERATIONS } from './passphrase';
import { concatBytes } from './streams';

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return concatBytes(parts);
}

async function* pieces(bytes: Uint8Array, size = 777): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function payload(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 3 === 0 ? x >>> 24 : i & 0xff;
  }
  return out;
}

const seal = (data: Uint8Array, options: Parameters<typeof sealWorkspace>[1]) => collect(sealWorkspace(pieces(data), { segmentBytes: 1024, ...options }));
const open = (file: Uint8Array, passphrase?: string) => collect(openWorkspace(pieces(file, 500), { passphrase }));

async function problem(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(WorkspaceFileError);
    return (e as WorkspaceFileError).problem;
  }
  throw new Error('expected a failure');
}

describe('workspace container', () => {
  for (const compress of [false, true]) {
    it(`round-trips plain files (compress=${compress}), including empty payloads`, async () => {
      for (const n of [0, 1, 1024, 5000]) {
        const data = payload(n);
        const file = await seal(data, { compress });
        expect(describeHeader(file)).toEqual({ version: 1, compressed: compress, encrypted: false });
        expect(await open(file)).toEqual(data);
      }
    });
  }

  it('round-trips encrypted files and tells a wrong or missing passphrase from damage', async () => {
    const data = payload(6000);
    const file = await seal(data, { passphrase: 'correct horse', iterations: MIN_ITERATIONS });
    expect(describeHeader(file)?.encrypted).toBe(true);
    expect(await open(file, 'correct horse')).toEqual(data);
    expect(await problem(open(file, 'wrong horse'))).toBe('wrong-passphrase');
    expect(await problem(open(file))).toBe('passphrase-needed');
    const flipped = file.slice();
    flipped[file.length - 40] ^= 1;
    expect(await problem(open(flipped, 'correct horse'))).toBe('damaged');
  });

  it('detects every changed byte after the magic, truncation and extra bytes', async () => {
    const data = payload(3000);
    for (const options of [{ compress: false }, { compress: true }, { passphrase: 'pw', iterations: MIN_ITERATIONS, compress: false }]) {
      const file = await seal(data, options);
      const positions = options.passphrase ? [5, 9, 13, 20, 35, 45, 60, file.length - 1] : Array.from({ length: file.length - 4 }, (_, i) => i + 4).filter((i) => i % 7 === 0 || i > file.length - 30);
      for (const at of positions) {
        const bad = file.slice();
        bad[at] ^= 0x10;
        const p = await problem(open(bad, options.passphrase));
        expect(['damaged', 'truncated', 'version', 'wrong-passphrase'], `byte ${at}`).toContain(p);
      }
      for (const cut of [11, file.length - 1, file.length - 17, 1100]) {
        expect(await problem(open(file.slice(0, cut), options.passphrase)), `cut at ${cut}`).toBe('truncated');
      }
      expect(await problem(open(file.slice(0, 3), options.passphrase))).toBe('not-workspace');
      expect(await problem(open(concatBytes([file, new Uint8Array([0])]), options.passphrase))).toBe('damaged');
    }
  });

  it('refuses files that are not workspaces, or of another version', async () => {
    expect(await problem(open(new TextEncoder().encode('id,name\n1,a\n')))).toBe('not-workspace');
    const file = await seal(payload(10), {});
    file[4] = 9;
    expect(await problem(open(file))).toBe('version');
  });
});
