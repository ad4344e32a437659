// Reading a File for import: samples from several places of a File (slices are cheap),
// invalid UTF-8 found while the file streams, and the line of each, so nothing becomes U+FFFD unsaid.
import { createDecoder, LineCounter, type InvalidBytes } from '../data/encoding';
import { InvalidTally, sampleRanges, SAMPLE_BYTES, type FileSamples } from '../data/parse-table';

/** The file's first SAMPLE_BYTES, plus stretches from its middle and end for judging the encoding. */
export async function readSamples(file: Blob): Promise<{ head: Uint8Array; more: FileSamples }> {
  const [head, ...rest] = await Promise.all(
    [[0, Math.min(file.size, SAMPLE_BYTES)] as [number, number], ...sampleRanges(file.size)].map(async ([a, b]) => ({
      bytes: new Uint8Array(await file.slice(a, b).arrayBuffer()),
      at: a,
    })),
  );
  return { head: head.bytes, more: { samples: rest, fileBytes: file.size } };
}

/**
 * Passes the slices through unchanged while a strict UTF-8 decoder checks them, recording each invalid
 * sequence's offset and bytes in `tally` (the importer's own decoder replaces them with U+FFFD).
 */
export async function* checkUtf8(slices: AsyncIterable<Uint8Array>, tally: InvalidTally): AsyncGenerator<Uint8Array> {
  const decoder = createDecoder('utf-8', { onInvalid: tally.add });
  for await (const slice of slices) {
    decoder.decode(slice, false);
    yield slice;
  }
  decoder.decode(new Uint8Array(0), true);
}

/** Sets each sequence's physical line, reading the file only as far as the last of them. */
export async function locateInFile(file: Blob, invalid: InvalidBytes[]): Promise<void> {
  if (invalid.length === 0) return;
  const end = Math.min(file.size, invalid[invalid.length - 1].offset + 1);
  const counter = new LineCounter();
  const step = 4 << 20;
  for (let at = 0; at < end; at += step) counter.feed(new Uint8Array(await file.slice(at, Math.min(end, at + step)).arrayBuffer()), invalid);
}
