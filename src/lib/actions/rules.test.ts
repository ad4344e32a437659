import { describe, expect, it } from 'vitest';
import { assembleActionList } from './join';
import { applyProfit, DEFAULT_PROFIT } from './profit';
import { applyRules, checkRules, DEFAULT_RULES, HAND_RULES } from './rules';

function list() {
  return assembleActionList({
    customers: ['a', 'b', 'c', 'd', 'e'],
    churn: {
      customers: ['a', 'b', 'c', 'd', 'e'],
      value: (i) => [
        { probability: 0.9, reasons: ['contract = Month-to-month', 'age is low'] },
        { probability: 0.8, reasons: ['support_tickets is high'] },
        { probability: 0.1, reasons: [] },
        { probability: 0.4, reasons: [] },
        { probability: 0.05, reasons: [] },
      ][i],
    },
    clv: { customers: ['a', 'b', 'c', 'd', 'e'], value: (i) => [{ pAlive: 0.9, clv: 1000 }, { pAlive: 0.5, clv: 900 }, { pAlive: 0.1, clv: 1 }, { pAlive: 0.5, clv: 50 }, { pAlive: 0.9, clv: 40 }][i] },
    cutoffs: { risk: { medium: 0.3, high: 0.6 }, value: { high: 0.4, medium: 0.2 }, disagree: { churnHigh: 0.6, aliveHigh: 0.8, churnLow: 0.2, aliveLow: 0.3 } },
  });
}

describe('rules', () => {
  it('gives each customer the first matching rule, else No action', () => {
    const l = applyRules(list(), HAND_RULES);
    const action = (i: number) => l.actions[l.action[i]];
    expect(action(0)).toBe('Call: offer an annual plan');
    expect(action(1)).toBe('Call: personal retention offer');
    expect(action(2)).toBe('Email win-back with recommended items');
    expect(action(3)).toBe('Email: loyalty reminder');
    expect(action(4)).toBe('No action');
  });

  it('first match wins when rules overlap, and re-applying replaces actions', () => {
    const l = list();
    applyRules(l, [{ action: 'Everyone' }, { bands: ['high'], action: 'Never reached' }]);
    expect([...l.action].map((a) => l.actions[a])).toEqual(['Everyone', 'Everyone', 'Everyone', 'Everyone', 'Everyone']);
    applyRules(l, [{ segments: ['nobody'], action: 'X' }]);
    expect(l.actions[l.action[0]]).toBe('No action');
  });

  it('matches reasons case-insensitively and P(alive) bounds', () => {
    const l = applyRules(list(), [{ reason: 'SUPPORT', action: 'Tickets' }, { pAliveAtLeast: 0.9, action: 'Alive' }]);
    expect([...l.action].map((a) => l.actions[a])).toEqual(['Alive', 'Tickets', 'No action', 'No action', 'Alive']);
  });

  it('default rules contact exactly the customers whose contact pays, calling the high-value ones; a profit threshold matches', () => {
    const l = list();
    applyProfit(l, { ...DEFAULT_PROFIT, contactCost: 2, offerCost: 10, saveRate: 0.3, acceptShare: 1 });
    // a: 0.9 x 0.3 x 990 - 2 - 0.1 x 10 = 264.3; b: 0.24 x 890 - 2 - 2 = 209.6; c, d, e lose money (d: 0.12 x 40 - 2 - 0.6 x 10 = -3.2).
    expect(Array.from(l.profit!)).toEqual([264.3, 209.6, -11.27, -3.2, -11.05].map((v) => expect.closeTo(v, 9)));
    applyRules(l, DEFAULT_RULES);
    expect([...l.action].map((a) => l.actions[a])).toEqual(['Call: offer an annual plan', 'Call: personal retention offer', 'No action', 'No action', 'No action']);
    applyRules(l, [{ profitAbove: 250, action: 'Top' }, { inList: false, action: 'Outside' }]);
    expect([...l.action].map((a) => l.actions[a])).toEqual(['Top', 'No action', 'Outside', 'Outside', 'Outside']);
  });

  it('rejects bad rules by name', () => {
    expect(() => checkRules([{ action: ' ' }])).toThrow('rule 1: the action text is empty');
    expect(() => checkRules([{ action: 'x', bands: ['huge' as 'high'] }])).toThrow('"huge"');
    expect(() => checkRules([{ action: 'x', pAliveBelow: 2 }])).toThrow('pAliveBelow');
    expect(() => checkRules([{ action: 'x', profitAbove: NaN }])).toThrow('rule 1: profitAbove must be a number');
    expect(() => checkRules([{ action: 'x', inList: 'yes' as never }])).toThrow('rule 1: inList must be true or false');
  });
});
