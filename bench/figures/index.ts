// Worker-side benchmark functions (run inside bench.worker.ts, the app's code on the engine's backend),
// one module per suite, re-exported here so the bench page can call them by name: rlBench.call(name, ...args).
export {};
export * from './gpu';
export * from './ease';
export * from './rec-auto';
export * from './gbdt';
export * from './als';
export * from './cox';
export * from './paretonbd';
export * from './treeshap';
