export { trainSvm, type SvmModel } from './train';
export { predictSvm, svmLogits, svmDecision } from './predict';
export { fitPlatt, type PlattSigmoid } from './platt';
export { defaultSvmOptions, resolveSvmOptions, type SvmOptions, type SvmLoss, type SvmClassWeight } from './options';
