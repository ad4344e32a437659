/** Progress of a long computation, reported through a callback (a Comlink proxy in the app). */
export interface Progress {
  /** What is running now, in words a user understands ("Fold 2 of 5: gradient boosting"). */
  stage: string;
  done: number;
  total: number;
  /** Current training loss, when the stage is an iterative fit. */
  loss?: number;
  /** Seconds since the run started, and an estimate of those left (from measured step times), when known. */
  elapsedSeconds?: number;
  remainingSeconds?: number;
}

export type ProgressFn = (p: Progress) => void;

export const noProgress: ProgressFn = () => {};
