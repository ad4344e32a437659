import { describe, expect, it } from 'vitest';
import type { ColumnType } from './table';
import { datasetChoices, defaultPool, isDemo, pickDefault, pickLinkedPair, suitability, type DatasetInfo } from './suitability';

type Col = [name: string, type: ColumnType, distinct?: number];

function dataset(id: string, columns: Col[], roles: DatasetInfo['roles'], extra: Partial<DatasetInfo> = {}, rows = 100): DatasetInfo {
  return {
    id,
    name: id,
    createdAt: 0,
    rows,
    columns: columns.map(([name, type]) => ({ name, type })),
    roles,
    profile: { columns: columns.map(([name, , d]) => ({ name, rows, missing: 0, distinct: d ?? rows })) },
    source: { fileName: `${id}.csv` },
    ...extra,
  };
}

// The demo workspace as the importer stores it (one row per customer in customers; many in transactions).
const demoCustomers = dataset(
  'dc',
  [['customer_id', 'id'], ['signup_date', 'date', 90], ['age', 'integer', 50], ['full_name', 'category', 98], ['churned', 'boolean', 2]],
  { customer: 'customer_id', date: 'signup_date', label: 'churned' },
  { name: 'Demo customers', demo: true, createdAt: 1 },
);
const demoTx = dataset(
  'dt',
  [['invoice_id', 'id', 400], ['customer_id', 'id', 90], ['date', 'date', 400], ['product_id', 'id', 50], ['quantity', 'integer', 5], ['amount', 'number', 300]],
  { customer: 'customer_id', date: 'date', item: 'product_id', quantity: 'quantity', amount: 'amount' },
  { name: 'Demo transactions', demo: true, createdAt: 2 },
  1000,
);
const demoProducts = dataset('dp', [['product_id', 'id'], ['name', 'text'], ['price', 'number', 60]], { item: 'product_id', amount: 'price' }, { name: 'Demo products', demo: true, createdAt: 3 });
const demoEvents = dataset('de', [['customer_id', 'id', 90], ['timestamp', 'date'], ['event', 'category', 4]], { customer: 'customer_id', date: 'timestamp' }, { name: 'Demo events', demo: true, createdAt: 4 }, 5000);
const demo = [demoCustomers, demoTx, demoProducts, demoEvents];

// The user's customer-level file: a 0/1 churn label, monthly charges, no dates.
const mine = dataset('mine', [['customer_id', 'id'], ['tenure', 'integer', 40], ['monthly_charges', 'number', 80], ['churn', 'integer', 2]], { customer: 'customer_id', amount: 'monthly_charges', label: 'churn' }, { createdAt: 10 });

describe('suitability', () => {
  it('transactions (CLV, RFM) need customer, date and amount, several rows per customer', () => {
    expect(suitability(demoTx, 'transactions')).toMatchObject({ ok: true, reason: null });
    expect(suitability(mine, 'transactions')).toEqual({ ok: false, reason: 'has no date column (roles on the Data page)', score: 0 });
    expect(suitability(demoEvents, 'transactions').reason).toBe('has no amount column (roles on the Data page)');
    expect(suitability(demoProducts, 'transactions').reason).toBe('has no customer or date column (roles on the Data page)');
    // A customer-level file with a signup date and a spend is not purchases.
    const signups = dataset('s', [['id', 'id'], ['signup', 'date'], ['spend', 'number']], { customer: 'id', date: 'signup', amount: 'spend' });
    expect(suitability(signups, 'transactions')).toMatchObject({ ok: false, reason: 'has one row per id: customer-level, not purchases' });
  });

  it('activity (a derived churn label) needs customer and date only, and prefers an amount', () => {
    expect(suitability(demoEvents, 'activity')).toEqual({ ok: true, reason: null, score: 0 });
    expect(suitability(demoTx, 'activity')).toEqual({ ok: true, reason: null, score: 1 });
    expect(suitability(demoCustomers, 'activity').ok).toBe(false);
  });

  it('a churn label is a two-valued column, the label role first', () => {
    expect(suitability(mine, 'churnLabel')).toEqual({ ok: true, reason: null, score: 2 });
    const flagOnly = dataset('f', [['id', 'id'], ['active', 'boolean', 2]], { customer: 'id' });
    expect(suitability(flagOnly, 'churnLabel')).toEqual({ ok: true, reason: null, score: 1 });
    const threeValued = dataset('t', [['id', 'id'], ['status', 'category', 3]], { customer: 'id', label: 'status' });
    expect(suitability(threeValued, 'churnLabel')).toMatchObject({ ok: false, reason: 'has no two-valued column: its label status has 3 values' });
    expect(suitability(demoEvents, 'churnLabel').reason).toBe('has no two-valued column to use as the churn label');
    // Without a profile, only a boolean column counts.
    expect(suitability({ ...flagOnly, profile: undefined }, 'churnLabel').ok).toBe(true);
    expect(suitability({ ...threeValued, profile: undefined }, 'churnLabel').ok).toBe(false);
  });

  it('customers (the action list) need one row per customer key', () => {
    expect(suitability(mine, 'customers')).toEqual({ ok: true, reason: null, score: 1.5 });
    expect(suitability(demoCustomers, 'customers').ok).toBe(true);
    expect(suitability(demoTx, 'customers').reason).toBe('has several rows per customer_id: not one row per customer');
    expect(suitability(demoProducts, 'customers').reason).toBe('is about items (it has an item key), not customers');
    // A file with no key at all still fits, numbered by row, a little below a keyed one.
    const keyless = dataset('k', [['minutes', 'number', 90], ['calls', 'integer', 10], ['churn', 'boolean', 2]], { label: 'churn' });
    expect(suitability(keyless, 'customers')).toEqual({ ok: true, reason: null, score: 1 });
    expect(suitability(keyless, 'attributes').ok).toBe(true);
    expect(suitability(demoEvents, 'customers').ok).toBe(false);
  });

  it('attributes need numeric columns besides the key and the label', () => {
    expect(suitability(mine, 'attributes').ok).toBe(true);
    const onlyText = dataset('o', [['id', 'id'], ['churn', 'integer', 2], ['city', 'category', 5]], { customer: 'id', label: 'churn' });
    expect(suitability(onlyText, 'attributes').reason).toBe('has no numeric columns to group customers by');
  });

  it('a catalogue has an item key and a name, and is not a customers table', () => {
    expect(suitability(demoProducts, 'catalogue').ok).toBe(true);
    expect(suitability(demoCustomers, 'catalogue').reason).toBe('is about customers, not items');
    expect(suitability(dataset('p', [['sku', 'id'], ['price', 'number']], { item: 'sku' }), 'catalogue').reason).toBe('has no name or title column');
  });
});

describe('demo datasets', () => {
  it('are flagged at import; older stores are recognised by the demo name with its generated file name', () => {
    expect(isDemo(demoTx)).toBe(true);
    expect(isDemo(mine)).toBe(false);
    const legacy = { name: 'Demo customers', source: { fileName: 'demo-customers.csv' } };
    expect(isDemo(legacy)).toBe(true);
    // A user's own file that merely has a similar name is not demo data.
    expect(isDemo({ name: 'Demo customers', source: { fileName: 'customers.csv' } })).toBe(false);
    expect(isDemo({ name: 'demo-customers', source: { fileName: 'demo-customers.csv' } })).toBe(false);
    // The flag wins over the names.
    expect(isDemo({ ...legacy, demo: false })).toBe(false);
  });
});

describe('default choice', () => {
  it('uses the demo only while the user has no dataset of their own', () => {
    expect(pickDefault(demo, 'transactions')?.id).toBe('dt');
    expect(pickDefault(demo, 'customers')?.id).toBe('dc');
    expect(pickDefault(demo, 'activity')?.id).toBe('dt'); // amount beats events
    expect(defaultPool(demo)).toHaveLength(4);
    // Once the user has imported a file, the demo is never the default, even where nothing of theirs fits.
    const all = [...demo, mine];
    expect(defaultPool(all)).toEqual([mine]);
    expect(pickDefault(all, 'customers')?.id).toBe('mine');
    expect(pickDefault(all, 'churnLabel')?.id).toBe('mine');
    expect(pickDefault(all, 'transactions')).toBeNull();
    expect(pickDefault(all, 'catalogue')).toBeNull();
  });

  it('prefers the better fit, then the newest', () => {
    const older = { ...mine, id: 'older', createdAt: 5 };
    const newer = { ...mine, id: 'newer', createdAt: 20 };
    expect(pickDefault([older, newer, mine], 'customers')?.id).toBe('newer');
    const flagOnly = dataset('flag', [['id', 'id'], ['active', 'boolean', 2]], { customer: 'id' }, { createdAt: 30 });
    expect(pickDefault([older, flagOnly], 'churnLabel')?.id).toBe('older'); // a label role beats a newer unlabelled flag
    expect(pickDefault([older, newer], 'customers', ['newer'])?.id).toBe('older');
  });
});

describe('linked pairs', () => {
  it('prefers customers and transactions that a confirmed link joins over a newer unlinked customers file', () => {
    const tx = { ...demoTx, id: 'tx', name: 'tx', demo: false, createdAt: 11 };
    const linkedCustomers = { ...mine, id: 'linked', createdAt: 5 };
    const newerUnlinked = { ...mine, id: 'bank', createdAt: 20 };
    const all = [...demo, linkedCustomers, newerUnlinked, tx];
    expect(pickDefault(all, 'customers')?.id).toBe('bank');
    const linked = (a: DatasetInfo, b: DatasetInfo) => a.id === 'linked' && b.id === 'tx';
    expect(pickLinkedPair(all, 'customers', 'transactions', linked)?.map((d) => d.id)).toEqual(['linked', 'tx']);
    expect(pickLinkedPair(all, 'customers', 'transactions', () => false)).toBeNull();
    // The demo's own pair is never picked beside the user's data.
    expect(pickLinkedPair(all, 'customers', 'transactions', (a, b) => a.id === 'dc' && b.id === 'dt')).toBeNull();
  });
});

describe('picker choices', () => {
  it("lists the user's suitable datasets, then the demo, then the unsuitable with the reason", () => {
    const myTx = dataset('mytx', [['cust', 'id', 10], ['day', 'date'], ['total', 'number']], { customer: 'cust', date: 'day', amount: 'total' }, { createdAt: 11 });
    const groups = datasetChoices([...demo, mine, myTx], 'transactions');
    expect(groups.map((g) => [g.label, g.choices.map((c) => c.dataset.id)])).toEqual([
      ['Your data', ['mytx']],
      ['Demo data', ['dt']],
      ['Not suitable', ['mine', 'de', 'dp', 'dc']],
    ]);
    const unsuitable = groups[2].choices;
    expect(unsuitable.every((c) => !c.ok && c.reason)).toBe(true);
    expect(unsuitable.map((c) => c.demo)).toEqual([false, true, true, true]);
  });
});
