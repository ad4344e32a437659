import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPTHWISE_DEPTH, DEFAULT_GBDT_OPTIONS, resolveGbdtOptions } from './options';

describe('resolveGbdtOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveGbdtOptions()).toEqual(DEFAULT_GBDT_OPTIONS);
    expect(resolveGbdtOptions({ learningRate: 0.1, maxDepth: undefined }).learningRate).toBe(0.1);
    expect(resolveGbdtOptions({ maxDepth: undefined }).maxDepth).toBe(0);
  });
  it('gives depthwise growth a depth when none is set', () => {
    expect(resolveGbdtOptions({ growth: 'depthwise' }).maxDepth).toBe(DEFAULT_DEPTHWISE_DEPTH);
    expect(resolveGbdtOptions({ growth: 'depthwise', maxDepth: 3 }).maxDepth).toBe(3);
  });
  it('names the bad option and value', () => {
    expect(() => resolveGbdtOptions({ learningRate: 0 })).toThrow('gbdt: learningRate must be in (0, 1], got 0');
    expect(() => resolveGbdtOptions({ numLeaves: 1.5 })).toThrow('numLeaves must be an integer >= 2, got 1.5');
    expect(() => resolveGbdtOptions({ maxBins: 70000 })).toThrow('maxBins must be an integer from 2 to 65535, got 70000');
    expect(() => resolveGbdtOptions({ subsample: 0 })).toThrow('subsample must be in (0, 1], got 0');
    expect(() => resolveGbdtOptions({ validationFraction: 1 })).toThrow('validationFraction must be in [0, 1), got 1');
    // @ts-expect-error testing a bad runtime value
    expect(() => resolveGbdtOptions({ growth: 'wide' })).toThrow(`growth must be 'leafwise' or 'depthwise', got "wide"`);
    expect(() => resolveGbdtOptions({ classWeight: { pos: 0, neg: 1 } })).toThrow('classWeight must be');
    // @ts-expect-error testing a misspelt option
    expect(() => resolveGbdtOptions({ nTrees: 10 })).toThrow('option name must be one of');
  });
});
