// Bench suites that live in their own files: add one import and one entry per suite.
import type { BenchSection } from '../rows';
import { gpuSection } from './gpu';
import { scaleSection } from './scale';
import { journey } from './journey';
import { recAutoSection } from './rec-auto';
import { importSection } from './import';
import { easeSection } from './ease';
import { gbdtSection } from './gbdt';
import { alsSection } from './als';
import { coxSection } from './cox';
import { paretoNbdSection } from './paretonbd';
import { treeShapSection } from './treeshap';
import { sqlSection } from './sql';

export const SECTIONS: BenchSection[] = [journey, scaleSection, importSection, gpuSection, easeSection, recAutoSection, gbdtSection, alsSection, coxSection, paretoNbdSection, treeShapSection, sqlSection];
