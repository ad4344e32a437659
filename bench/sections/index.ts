// Bench suites that live in their own files: add one import and one entry per suite.
import type { BenchSection } from '../rows';
import { gpuSection } from './gpu';
import { scaleSection } from './scale';
import { journey } from './journey';
import { recAutoSection } from './rec-auto';
import { gbdtSection } from './gbdt';
import { alsSection } from './als';

export const SECTIONS: BenchSection[] = [journey, scaleSection, recAutoSection, gpuSection, gbdtSection, alsSection];
