// Export of the persisted spend ledger for the user's own accounting: CSV for
// spreadsheets, JSON for programs. Day summaries left by compaction are
// exported as rows of kind 'day' so totals still add up.
import type { SpendTotals, StoredLine } from './store-format';
import { addEntryToTotals, addTotals, emptyTotals } from './store-format';

export const CSV_COLUMNS = [
  'kind',
  'time',
  'day',
  'runId',
  'step',
  'model',
  'tool',
  'purpose',
  'requestId',
  'charges',
  'inputTokens',
  'cachedInputTokens',
  'outputTokens',
  'reasoningTokens',
  'toolCalls',
  'usd',
  'estimated',
] as const;

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(lines: readonly StoredLine[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const l of lines) {
    const cells =
      l.k === 'c'
        ? ['charge', new Date(l.ts).toISOString(), '', l.runId, l.step, l.model, l.tool, l.purpose, l.requestId, 1, l.inputTokens, l.cachedInputTokens, l.outputTokens, l.reasoningTokens, l.toolCalls, l.usd, l.estimated]
        : ['day', '', l.day, '', '', '', '', '', '', l.charges, l.inputTokens, l.cachedInputTokens, l.outputTokens, l.reasoningTokens, l.toolCalls, l.usd, l.estimatedCharges > 0];
    rows.push(cells.map(csvCell).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

export interface JsonExport {
  version: 1;
  totals: SpendTotals;
  charges: Array<Extract<StoredLine, { k: 'c' }>>;
  days: Array<Extract<StoredLine, { k: 'd' }>>;
}

export function toJson(lines: readonly StoredLine[]): JsonExport {
  const totals = emptyTotals();
  const out: JsonExport = { version: 1, totals, charges: [], days: [] };
  for (const l of lines) {
    if (l.k === 'c') {
      out.charges.push(l);
      addEntryToTotals(totals, l);
    } else {
      out.days.push(l);
      addTotals(totals, l);
    }
  }
  return out;
}
