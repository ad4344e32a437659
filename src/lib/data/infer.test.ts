import { describe, expect, it } from 'vitest';
import { idNameStrength, inferColumn, inferColumnAs, nameWords } from './infer';

const many = (vals: string[], times: number) => Array.from({ length: times }, () => vals).flat();

describe('inferColumn', () => {
  it('finds integers, decimals and booleans of many spellings', () => {
    expect(inferColumn('tenure', ['1', '34', '2', '']).type).toBe('integer');
    expect(inferColumn('MonthlyCharges', ['29.85', '56.95', '5.0']).type).toBe('number');
    for (const pair of [['Yes', 'No'], ['TRUE', 'FALSE'], ['Y', 'N'], ['1', '0'], ['VRAI', 'FAUX'], ['Oui', 'Non'], ['T', 'F']]) {
      const r = inferColumn('flag', many(pair, 5));
      expect(r.type, pair.join('/')).toBe('boolean');
      expect(r.format).toEqual({ kind: 'boolean', pair: pair.map((s) => s.toLowerCase()) });
    }
    expect(inferColumn('n', ['0', '0', '0']).type).toBe('integer');
  });
  it('makes a column that is >95% numeric a number with the rest missing, and says so', () => {
    const values = [...many(['1', '2.5'], 50), 'abc'];
    const r = inferColumn('x', values, values.map((_, i) => i + 2));
    expect(r.type).toBe('number');
    expect(r.invalid).toBe(1);
    expect(r.notes.join()).toContain('"abc" on line 102');
    expect(inferColumn('x', [...many(['1'], 10), 'abc']).type).toBe('category');
  });
  it('reads decimal commas in ; files, thousands, currency and percent', () => {
    expect(inferColumn('p', ['1.234,56', '12,50', '3'], undefined, { delimiter: ';' }).format).toMatchObject({ kind: 'number', decimal: ',' });
    expect(inferColumn('p', ['1,234', '2,000'], undefined, { delimiter: ';' }).format).toMatchObject({ decimal: ',' });
    expect(inferColumn('p', ['1.234', '2.000'], undefined, { delimiter: ';' })).toMatchObject({ type: 'integer', format: { decimal: ',' } });
    expect(inferColumn('p', ['1.234', '2.5'], undefined, { delimiter: ';' }).format).toMatchObject({ decimal: '.' });
    expect(inferColumn('p', ['1,234', '2,000'], undefined, { delimiter: ',' })).toMatchObject({ type: 'integer', format: { decimal: '.' } });
    const money = inferColumn('price', ['$1,200.00', '$3.50']);
    expect(money).toMatchObject({ type: 'number', format: { currency: true } });
    const pct = inferColumn('rate', ['12%', '5.5%']);
    expect(pct.format).toMatchObject({ percent: true });
    expect(pct.notes.join()).toContain('12% is read as 12');
  });
  it('reads dates and resolves day/month order from the data, with the evidence', () => {
    expect(inferColumn('d', ['2010-12-01 08:26:00', '2010-12-02 09:00:00']).format).toEqual({ kind: 'date', date: 'iso', ambiguous: false });
    expect(inferColumn('date', ['19970101', '19970112']).format).toMatchObject({ date: 'ymd8' });
    expect(inferColumn('d', ['01-Jan-1995', '', '12-Feb-1996']).format).toMatchObject({ date: 'dmon' });
    const dm = inferColumn('d', ['01/02/2020', '23/04/2020', '05/06/2020'], [2, 12, 13]);
    expect(dm.format).toEqual({ kind: 'date', date: 'dmy', ambiguous: false });
    expect(dm.notes).toContain('dates read as D/M/YYYY because 23/04/2020 appears on line 12');
    expect(inferColumn('d', ['12/1/2010 8:26', '12/13/2010 9:01']).format).toMatchObject({ date: 'mdy', ambiguous: false });
    const amb = inferColumn('d', ['01/02/2020', '03/04/2020']);
    expect(amb.format).toEqual({ kind: 'date', date: 'mdy', ambiguous: true });
  });
  it('reads unix seconds in time-named or unnamed integer columns only', () => {
    const secs = ['881250949', '891717742', '878887116'];
    expect(inferColumn('column_4', secs).format).toMatchObject({ kind: 'date', date: 'unix-s' });
    expect(inferColumn('timestamp', ['1700000000123', '1700000100000']).format).toMatchObject({ date: 'unix-ms' });
    expect(inferColumn('population', secs).type).toBe('integer');
  });
  it('finds ids by name, zero padding, integral floats and unique codes', () => {
    expect(inferColumn('customerID', ['7590-VHVEG', '5575-GNVDE']).type).toBe('id');
    // A transactions file: each customer repeats, but there are many of them.
    const padded = Array.from({ length: 90 }, (_, i) => String(1 + (i % 30)).padStart(5, '0'));
    const cdnow = inferColumn('customer_id', padded);
    expect(cdnow).toMatchObject({ type: 'id', format: { kind: 'id', integralFloat: false } });
    expect(cdnow.reason).toBe('id: zero-padded codes, 30 distinct of 90');
    expect(inferColumn('column_1', ['00004', '00021']).type).toBe('id');
    const retail = Array.from({ length: 60 }, (_, i) => (i % 7 === 0 ? '' : `${17850 + (i % 25)}.0`));
    expect(inferColumn('CustomerID', retail)).toMatchObject({ type: 'id', format: { kind: 'id', integralFloat: true } });
    expect(inferColumn('InvoiceNo', ['536365', 'C536379']).type).toBe('id');
    const codes = Array.from({ length: 30 }, (_, i) => `K${1000 + i}X`);
    expect(inferColumn('ref', codes).type).toBe('id');
  });
  it('tells category from text by distinct count and length', () => {
    expect(inferColumn('Contract', many(['Month-to-month', 'One year', 'Two year'], 10)).type).toBe('category');
    const titles = Array.from({ length: 40 }, (_, i) => `A long movie title number ${i} (1995)`);
    expect(inferColumn('title', titles).type).toBe('text');
    expect(inferColumn('empty', ['', ' ', 'NA'])).toMatchObject({ type: 'category', notes: ['no values in the sample'] });
  });
});

describe('inferColumn: values decide, names only weigh in', () => {
  const flags = (n: number) => Array.from({ length: n }, (_, i) => String((i * 7) % 3 === 0 ? 1 : 0));
  it('makes every two-valued column of a known pair boolean, whatever its name says', () => {
    for (const name of ['IsActiveMember', 'HasCrCard', 'PromoCode', 'OptOutNo', 'LoyaltyMemberId']) {
      const r = inferColumn(name, flags(200));
      expect(r.type, name).toBe('boolean');
      expect(r.reason).toBe('boolean: only 1 and 0');
    }
    for (const pair of [['ja', 'nein'], ['si', 'no'], ['Y', 'N'], ['VRAI', 'FAUX']]) {
      expect(inferColumn('Member', many(pair, 20)).type, pair.join('/')).toBe('boolean');
    }
  });
  it('reads a handful of integers far apart as a code, a dense small range as a count', () => {
    const area = Array.from({ length: 300 }, (_, i) => ['408', '415', '510'][i % 3]);
    expect(inferColumn('Area code', area)).toMatchObject({ type: 'category', reason: 'category: integer code with 3 values' });
    const calls = Array.from({ length: 300 }, (_, i) => String(i % 10));
    const r = inferColumn('Customer service calls', calls);
    expect(r.type).toBe('integer');
    expect(r.reason).toBe('integer: whole numbers from 0 to 9, 10 distinct');
  });
  it('makes a row number an id, with the reason', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => String(i + 1));
    expect(inferColumn('RowNumber', rows)).toMatchObject({ type: 'id', reason: 'id: 10,000 distinct of 10,000, sequential (a row number)' });
    expect(inferColumn('', rows).type).toBe('id');
    // Unique but not in order, and no id name: still an id once there are enough rows.
    const ids = Array.from({ length: 500 }, (_, i) => String(15_600_000 + ((i * 7919) % 100_000)));
    expect(inferColumn('CustomerRef', ids).reason).toBe('id: 500 distinct of 500, every whole number different');
  });
  it('never lets an id name turn a low-cardinality column into an id', () => {
    const plan = Array.from({ length: 100 }, (_, i) => ['A', 'B', 'C'][i % 3]);
    expect(inferColumn('PlanCode', plan)).toMatchObject({ type: 'category', reason: 'category: 3 distinct values of 100' });
    const store = Array.from({ length: 100 }, (_, i) => String(1 + (i % 4)));
    expect(inferColumn('StoreId', store).type).toBe('integer');
  });
});

describe('inferColumnAs', () => {
  it('finds the format for a type the user chose', () => {
    expect(inferColumnAs('x', 'date', ['23/04/2020', '01/02/2020']).format).toMatchObject({ kind: 'date', date: 'dmy' });
    expect(inferColumnAs('x', 'number', ['1', 'a']).invalid).toBe(1);
    expect(inferColumnAs('x', 'boolean', ['oui', 'non', 'oui']).format).toEqual({ kind: 'boolean', pair: ['oui', 'non'] });
    expect(inferColumnAs('tenure', 'category', ['1', '2']).format).toEqual({ kind: 'string' });
  });
});

describe('names', () => {
  it('splits names into words and grades id names', () => {
    expect(nameWords('customerID')).toEqual(['customer', 'id']);
    expect(nameWords('number_of_cds')).toEqual(['number', 'of', 'cds']);
    expect(nameWords('InvoiceNo')).toEqual(['invoice', 'no']);
    expect(['customerID', 'CustomerID', 'customer_id', 'ID', 'StockCode', 'userid'].map(idNameStrength)).toEqual(Array(6).fill('strong'));
    expect(idNameStrength('user')).toBe('weak');
    expect(['paid', 'valid', 'number_of_cds', 'tenure'].map(idNameStrength)).toEqual(Array(4).fill('none'));
  });
});
