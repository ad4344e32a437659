// Test files for browser tests: real datasets from ../shared/datasets, read through Vitest's server.
import { commands } from 'vitest/browser';

/** A File with the exact bytes of a dataset under ../shared/datasets (paths are relative to the project root). */
export async function datasetFile(relative: string): Promise<File> {
  const base64 = await commands.readFile(`../shared/datasets/${relative}`, 'base64');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new File([bytes], relative.split('/').pop()!, { type: 'text/csv' });
}

export function textFile(text: string, name = 'test.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}
