import { describe, expect, it } from 'vitest';
import { assembleActionList } from './join';
import { applyRules, checkRules, DEFAULT_RULES } from './rules';

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
    const l = applyRules(list(), DEFAULT_RULES);
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

  it('rejects bad rules by name', () => {
    expect(() => checkRules([{ action: ' ' }])).toThrow('rule 1: the action text is empty');
    expect(() => checkRules([{ action: 'x', bands: ['huge' as 'high'] }])).toThrow('"huge"');
    expect(() => checkRules([{ action: 'x', pAliveBelow: 2 }])).toThrow('pAliveBelow');
  });
});
