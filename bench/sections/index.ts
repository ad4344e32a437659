// Bench suites that live in their own files: add one import and one entry per suite.
import type { BenchSection } from '../rows';

export const SECTIONS: BenchSection[] = [];
