// Calendar days as text (YYYY-MM-DD) for requests: one parser for the workers and capability modules.

/** Milliseconds since the epoch of a YYYY-MM-DD day at 00:00 UTC; throws on anything else. */
export function parseDay(text: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(ms)) throw new Error(`"${text}" is not a date (YYYY-MM-DD)`);
  return ms;
}
