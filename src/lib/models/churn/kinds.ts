// The churn model names, in a module with no imports so the UI can use them without loading tfjs.
export const MODEL_KINDS = ['logistic', 'gbdt', 'mlp', 'tree', 'forest', 'svm'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const MODEL_NAMES: Record<ModelKind, string> = {
  logistic: 'logistic regression',
  gbdt: 'gradient boosting',
  mlp: 'neural network',
  tree: 'decision tree',
  forest: 'random forest',
  svm: 'linear SVM',
};
