// Plain helpers of the action table's columns (tested in Node).

/**
 * The value column's header: without transactions the list's "CLV" is the customer's past total spend
 * (build.ts's clvSource "total spend (...)"), not a lifetime value, and a new user took it for one.
 */
export function valueColumnLabel(clvSource: string): string {
  return clvSource.startsWith('total spend') ? 'Past spend (no CLV: no transactions)' : 'CLV';
}
