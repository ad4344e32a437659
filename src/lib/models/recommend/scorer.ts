// What every recommender offers the shared top-N, evaluation and explanation code.

/** 'blend' is the EASE + ALS score fusion the auto sweep may choose. */
export type ModelName = 'popularity' | 'itemknn' | 'ease' | 'als' | 'blend';

export interface Scorer {
  readonly name: ModelName;
  readonly nItems: number;
  /** Writes the scores of `users` into `out` (users.length x nItems, row-major); higher ranks first. */
  score(users: Int32Array, out: Float32Array): Promise<void>;
  /** Frees tensors or large buffers; a no-op for plain-array models. */
  dispose(): void;
}
