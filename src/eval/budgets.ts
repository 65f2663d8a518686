// The budget axis of the evaluation grid. A budget spec is a label such as
//   "10"  or "tools:10"          at most 10 tool calls
//   "tokens:20000"  (or 20k)     at most 20 000 input + output tokens
//   "usd:0.05"                   at most $0.05 (unified cost as the ledger counts it)
//   "tools:10+tokens:40000"      both
import type { BudgetLimits } from '../core/budget/usage';

export type BudgetKind = 'tools' | 'tokens' | 'usd' | 'mixed';

export interface BudgetSpec {
  /** Canonical label, the key of the grid axis: "tools:10", "tokens:20000", "tools:10+tokens:40000". */
  label: string;
  limits: BudgetLimits;
  kind: BudgetKind;
  /** Position on the scaling curve: the value of the first component. */
  size: number;
}

export const DEFAULT_BUDGETS: readonly string[] = ['tools:5', 'tools:10', 'tools:20', 'tools:50'];

function parseAmount(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`budget "${what}": "${text}" is not a number (e.g. 20, 20000, 20k)`);
  const factor = m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  return Number(m[1]) * factor;
}

export function parseBudget(spec: string): BudgetSpec {
  const parts = spec.split('+').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new Error(`empty budget spec "${spec}"`);
  const limits: BudgetLimits = {};
  const labels: string[] = [];
  const kinds: BudgetKind[] = [];
  let size = 0;
  for (const part of parts) {
    const [rawKind, rawValue] = part.includes(':') ? part.split(':', 2) : ['tools', part];
    const kind = (rawKind ?? '').trim().toLowerCase();
    const value = parseAmount(rawValue ?? '', spec);
    if (!(value > 0)) throw new Error(`budget "${spec}": ${kind} must be positive`);
    if (kind === 'tools' || kind === 'tool' || kind === 'toolcalls') {
      if (!Number.isInteger(value)) throw new Error(`budget "${spec}": tool calls must be a whole number`);
      if (limits.maxToolCalls !== undefined) throw new Error(`budget "${spec}" sets tools twice`);
      limits.maxToolCalls = value;
      labels.push(`tools:${value}`);
      kinds.push('tools');
    } else if (kind === 'tokens' || kind === 'token') {
      if (limits.maxTokens !== undefined) throw new Error(`budget "${spec}" sets tokens twice`);
      limits.maxTokens = Math.floor(value);
      labels.push(`tokens:${Math.floor(value)}`);
      kinds.push('tokens');
    } else if (kind === 'usd' || kind === '$') {
      if (limits.maxUsd !== undefined) throw new Error(`budget "${spec}" sets usd twice`);
      limits.maxUsd = value;
      labels.push(`usd:${value}`);
      kinds.push('usd');
    } else {
      throw new Error(`budget "${spec}": unknown resource "${rawKind}" (use tools, tokens or usd)`);
    }
    if (labels.length === 1) size = kind.startsWith('token') ? Math.floor(value) : value;
  }
  return { label: labels.join('+'), limits, kind: kinds.length === 1 ? kinds[0]! : 'mixed', size };
}

/** Parses a list of specs (each may itself be comma-separated); duplicates are dropped. */
export function parseBudgets(specs: readonly string[]): BudgetSpec[] {
  const out: BudgetSpec[] = [];
  for (const spec of specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const b = parseBudget(spec);
    if (!out.some((o) => o.label === b.label)) out.push(b);
  }
  if (out.length === 0) throw new Error('no budgets given');
  return out;
}
