// Web streams as async iterables, shared by the CSV import and the workspace file format.

/** A ReadableStream as an async iterable (Safari cannot iterate streams itself). */
export async function* fromStream<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
