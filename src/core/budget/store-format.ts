// The on-disk shape of the spend ledger: one JSON object per line. Two kinds:
// a charge ('c'), and a day summary ('d') that compaction leaves in place of
// the charges of an old day. Only counts, prices and identifiers are stored —
// never prompt text, tool arguments, keys or URLs — and identifiers are
// length-capped so a pathological value cannot bloat the file.

export interface SpendEntry {
  /** Epoch milliseconds. */
  ts: number;
  runId: string;
  step: number;
  model?: string;
  tool?: string;
  purpose?: string;
  requestId?: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  toolCalls: number;
  usd: number;
  /** Token counts came from a tokenizer, not from the server. */
  estimated: boolean;
}

/** Sums over a set of charges (a day, a month, a whole file). */
export interface SpendTotals {
  charges: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  toolCalls: number;
  usd: number;
  estimatedCharges: number;
}

export type StoredLine = ({ k: 'c' } & SpendEntry) | ({ k: 'd'; day: string } & SpendTotals);

export const emptyTotals = (): SpendTotals => ({
  charges: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  toolCalls: 0,
  usd: 0,
  estimatedCharges: 0,
});

export function addEntryToTotals(t: SpendTotals, e: SpendEntry): void {
  t.charges++;
  t.inputTokens += e.inputTokens;
  t.cachedInputTokens += e.cachedInputTokens;
  t.outputTokens += e.outputTokens;
  t.reasoningTokens += e.reasoningTokens;
  t.toolCalls += e.toolCalls;
  t.usd += e.usd;
  if (e.estimated) t.estimatedCharges++;
}

export function addTotals(t: SpendTotals, s: SpendTotals): void {
  t.charges += s.charges;
  t.inputTokens += s.inputTokens;
  t.cachedInputTokens += s.cachedInputTokens;
  t.outputTokens += s.outputTokens;
  t.reasoningTokens += s.reasoningTokens;
  t.toolCalls += s.toolCalls;
  t.usd += s.usd;
  t.estimatedCharges += s.estimatedCharges;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Calendar day of a timestamp, YYYY-MM-DD. Local time by default: a "daily"
 * cap means the user's day, not UTC's.
 */
export function dayKey(ms: number, utc = false): string {
  const d = new Date(ms);
  return utc
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * dayKey with a one-day cache: charges arrive in time order, so almost every
 * call is a range check instead of a Date allocation (hot path of the store).
 */
export function makeDayKeyer(utc = false): (ms: number) => string {
  let from = 0;
  let to = -1;
  let key = '';
  return (ms: number): string => {
    if (ms >= from && ms < to) return key;
    key = dayKey(ms, utc);
    const d = new Date(ms);
    if (utc) {
      from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    } else {
      from = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
      to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    }
    return key;
  };
}

/** YYYY-MM of a day key. */
export const monthOfDay = (day: string): string => day.slice(0, 7);

const MAX_ID = 200;
const cap = (s: string | undefined): string | undefined => (s === undefined ? undefined : s.length > MAX_ID ? s.slice(0, MAX_ID) : s);

/** One line of JSONL (with its newline) for a charge. */
export function serializeEntry(e: SpendEntry): string {
  // Explicit field list: nothing that happens to ride along on `e` gets persisted.
  return (
    JSON.stringify({
      k: 'c',
      ts: e.ts,
      runId: cap(e.runId),
      step: e.step,
      model: cap(e.model),
      tool: cap(e.tool),
      purpose: cap(e.purpose),
      requestId: cap(e.requestId),
      inputTokens: e.inputTokens,
      cachedInputTokens: e.cachedInputTokens,
      outputTokens: e.outputTokens,
      reasoningTokens: e.reasoningTokens,
      toolCalls: e.toolCalls,
      usd: e.usd,
      estimated: e.estimated,
    }) + '\n'
  );
}

export function serializeDay(day: string, t: SpendTotals): string {
  return JSON.stringify({ k: 'd', day, ...t }) + '\n';
}

const NUMS = ['inputTokens', 'cachedInputTokens', 'outputTokens', 'reasoningTokens', 'toolCalls', 'usd'] as const;

function numbersOk(o: Record<string, unknown>): boolean {
  for (const k of NUMS) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return false;
  }
  return true;
}

/** Parses one line; undefined when it is not a valid record (torn or corrupt). */
export function parseLine(line: string): StoredLine | undefined {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null) return undefined;
  const r = o as Record<string, unknown>;
  if (!numbersOk(r)) return undefined;
  if (r.k === 'c') {
    if (typeof r.ts !== 'number' || typeof r.runId !== 'string' || typeof r.step !== 'number') return undefined;
    return { ...(r as unknown as SpendEntry), k: 'c', estimated: r.estimated === true };
  }
  if (r.k === 'd') {
    if (typeof r.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.day) || typeof r.charges !== 'number') return undefined;
    return { ...(r as unknown as SpendTotals), k: 'd', day: r.day, estimatedCharges: Number(r.estimatedCharges) || 0 };
  }
  return undefined;
}
