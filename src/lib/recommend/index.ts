// The recommend capability: what the compute worker, the CLI, the bench and the action list call.
// Serving the Recommendations page's model elsewhere (e.g. the action list): see serve.ts's header,
// or src/storage/recommender.ts (`servedRecommender()`) in a worker.
export * from './texts';
export * from './serve';
export * from './run';
