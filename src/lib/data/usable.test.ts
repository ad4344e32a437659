import { describe, expect, it } from 'vitest';
import { planImport } from './parse-table';
import { unusableReason } from './usable';

const reason = (text: string, complete = true) => unusableReason(planImport(new TextEncoder().encode(text), {}, complete), complete);

describe('unusableReason', () => {
  it('refuses a header-only file, naming its columns', () => {
    expect(reason('customer,amount\n')).toBe('has a header row (customer, amount) but no data rows');
    expect(reason('customer_id;amount;date\r\n\r\n\r\n')).toBe('has a header row (customer_id, amount, date) but no data rows');
    expect(reason('a,b,c,d,e,f,g,h\n')).toBe('has a header row (a, b, c, d, e, f, …) but no data rows');
  });

  it('refuses files whose rows hold nothing or cannot fit', () => {
    expect(reason(',,,\n,,,\n')).toBe('has no values: every cell of every row is empty');
    const plan = { header: true, delimiter: ',' as const, columns: [], preview: [] };
    expect(unusableReason(plan, true)).toBe('has no columns');
    const wide = { header: true, delimiter: ',' as const, columns: [{ name: 'a' }, { name: 'b' }] as never, preview: [['1', '2', '3'], ['"4,5"']] };
    expect(unusableReason(wide, true)).toMatch(/^has no row that fits its 2 columns/);
  });

  it('accepts files with data, and does not judge a sample of a longer file by its first rows', () => {
    expect(reason('customer,amount\nC1,10\n')).toBeNull();
    expect(reason('id,value\n1\n')).toBeNull();
    // The user can say the one line is data, not a header.
    expect(unusableReason(planImport(new TextEncoder().encode('customer,amount\n'), { header: false }), true)).toBeNull();
    const wide = { header: true, delimiter: ',' as const, columns: [{ name: 'a' }] as never, preview: [['1', '2']] };
    expect(unusableReason(wide, false)).toBeNull();
  });
});
