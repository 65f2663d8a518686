// The in-memory ledger of one run: every charge with its cause, running
// totals, per-tool counts, and used / remaining / fraction per resource. It is
// deliberately dumb about reservations and parent scopes (see scope.ts): it
// answers "what did this run spend", cheaply enough for 10^5+ charges/s.
import type { ChargeCause, ChargeRecord } from './gate';
import type { BudgetLimits, Usage } from './usage';
import { ZERO_USAGE } from './usage';

/** One resource a limit can be set on. `tool:<name>` is a per-tool call count. */
export type Resource = 'tokens' | 'outputTokens' | 'reasoningTokens' | 'toolCalls' | 'usd' | 'seconds' | `tool:${string}`;

/** Milliseconds since the epoch; injectable so tests control wall time. */
export type Clock = () => number;

export interface LedgerOptions {
  limits?: BudgetLimits;
  clock?: Clock;
  /**
   * Keep every record in memory (default true). Long-lived scopes that only
   * need totals (benchmarks, a workspace mirror) can turn it off.
   */
  keepRecords?: boolean;
}

/** The limit a BudgetLimits object sets on a resource, if any. */
export function limitOf(limits: BudgetLimits, r: Resource): number | undefined {
  switch (r) {
    case 'tokens':
      return limits.maxTokens;
    case 'outputTokens':
      return limits.maxOutputTokens;
    case 'reasoningTokens':
      return limits.maxThinkingTokens;
    case 'toolCalls':
      return limits.maxToolCalls;
    case 'usd':
      return limits.maxUsd;
    case 'seconds':
      return limits.maxSeconds;
    default:
      return limits.maxToolCallsPerTool?.[r.slice(5)];
  }
}

/** Every resource that `limits` caps, per-tool caps included. */
export function limitedResources(limits: BudgetLimits): Resource[] {
  const out: Resource[] = [];
  for (const r of ['tokens', 'outputTokens', 'reasoningTokens', 'toolCalls', 'usd', 'seconds'] as const) {
    if (limitOf(limits, r) !== undefined) out.push(r);
  }
  for (const name of Object.keys(limits.maxToolCallsPerTool ?? {})) out.push(`tool:${name}`);
  return out;
}

export class Ledger {
  readonly limits: BudgetLimits;
  readonly clock: Clock;
  /** When the run started (clock milliseconds); wall time counts from here. */
  readonly startedAt: number;
  private readonly keep: boolean;
  private readonly list: ChargeRecord[] = [];
  private seq = 0;
  private total: Usage = { ...ZERO_USAGE };
  /** The part of `total` that a tokenizer counted because the server reported nothing. */
  private estimatedTotal: Usage = { ...ZERO_USAGE };
  private estimatedCount = 0;
  private readonly perTool = new Map<string, number>();

  constructor(options: LedgerOptions = {}) {
    this.limits = options.limits ?? {};
    this.clock = options.clock ?? Date.now;
    this.keep = options.keepRecords ?? true;
    this.startedAt = this.clock();
  }

  /** Append one charge. `delta.seconds` is ignored: wall time is measured, not charged. */
  record(cause: ChargeCause, delta: Usage, estimated: boolean): ChargeRecord {
    const rec: ChargeRecord = { seq: ++this.seq, ts: this.clock(), cause, delta, estimated };
    // Field by field rather than addUsage(): this is the hot path of the benchmark.
    const t = this.total;
    t.inputTokens += delta.inputTokens;
    t.cachedInputTokens += delta.cachedInputTokens;
    t.outputTokens += delta.outputTokens;
    t.reasoningTokens += delta.reasoningTokens;
    t.toolCalls += delta.toolCalls;
    t.usd += delta.usd;
    if (estimated) {
      const e = this.estimatedTotal;
      e.inputTokens += delta.inputTokens;
      e.cachedInputTokens += delta.cachedInputTokens;
      e.outputTokens += delta.outputTokens;
      e.reasoningTokens += delta.reasoningTokens;
      this.estimatedCount++;
    }
    if (delta.toolCalls > 0 && cause.tool !== undefined) {
      this.perTool.set(cause.tool, (this.perTool.get(cause.tool) ?? 0) + delta.toolCalls);
    }
    if (this.keep) this.list.push(rec);
    return rec;
  }

  /** Seconds of wall time since the run started. */
  elapsedSeconds(): number {
    return Math.max(0, (this.clock() - this.startedAt) / 1000);
  }

  /** Totals so far; `seconds` is the wall time now. */
  spent(): Usage {
    return { ...this.total, seconds: this.elapsedSeconds() };
  }

  /** Token counts that were estimated with a tokenizer, and how many records were. */
  estimated(): { usage: Usage; records: number } {
    return { usage: { ...this.estimatedTotal }, records: this.estimatedCount };
  }

  toolCalls(name: string): number {
    return this.perTool.get(name) ?? 0;
  }

  /** Per-tool call counts (the c_i of the unified cost). */
  toolCounts(): Record<string, number> {
    return Object.fromEntries(this.perTool);
  }

  records(): readonly ChargeRecord[] {
    return this.list;
  }

  count(): number {
    return this.seq;
  }

  used(r: Resource): number {
    const t = this.total;
    switch (r) {
      case 'tokens':
        return t.inputTokens + t.outputTokens;
      case 'outputTokens':
        return t.outputTokens;
      case 'reasoningTokens':
        return t.reasoningTokens;
      case 'toolCalls':
        return t.toolCalls;
      case 'usd':
        return t.usd;
      case 'seconds':
        return this.elapsedSeconds();
      default:
        return this.toolCalls(r.slice(5));
    }
  }

  /** Remaining under this ledger's own limit (never negative); undefined = unlimited. */
  remaining(r: Resource): number | undefined {
    const limit = limitOf(this.limits, r);
    return limit === undefined ? undefined : Math.max(0, limit - this.used(r));
  }

  /** Remaining / limit, in [0, 1]; 1 when unlimited, 0 for a zero limit. */
  fractionRemaining(r: Resource): number {
    const limit = limitOf(this.limits, r);
    if (limit === undefined) return 1;
    if (limit <= 0) return 0;
    return Math.max(0, Math.min(1, (limit - this.used(r)) / limit));
  }
}
