// Public datasets live beside the project in ../shared/datasets and are never copied in.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function datasetPath(relative: string): string {
  return path.join(root, '..', 'shared', 'datasets', relative);
}
