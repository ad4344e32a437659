// Bench suites that live in their own files: add one import and one entry per suite.
import type { BenchSection } from '../rows';
import { gpuSection } from './gpu';
import { scaleSection } from './scale';
import { journey } from './journey';
import { recAutoSection } from './rec-auto';

export const SECTIONS: BenchSection[] = [journey, scaleSection, recAutoSection, gpuSection];
