// Commands whose import chain holds no tfjs model: main.ts skips loading @tensorflow/tfjs for them (about
// 0.8 s of a CLI start). tfjs-free.test.ts walks each one's imports and fails if tfjs creeps in.
export const TFJS_FREE_COMMANDS: readonly string[] = ['profile', 'satisfaction', 'uplift', 'lifecycle', 'sbg', 'cox', 'cohorts'];
