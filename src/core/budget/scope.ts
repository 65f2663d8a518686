// Budgets nest: a run's budget sits under an optional shared scope (a parent
// run handing out sub-budgets, a team of runs) and under the workspace's
// daily/monthly money caps. Every level is a SpendScope. Before spending, a
// run holds its worst case at every level of its chain (a reservation); the
// next run to plan sees that hold and gets less. Node runs the agent loops on
// one thread, so "check every level, then hold at every level" is atomic:
// concurrent runs cannot jointly overshoot a shared cap.
import type { Reservation } from './gate';
import type { Resource } from './ledger';
import { limitOf, limitedResources } from './ledger';
import type { BudgetLimits, StopReason } from './usage';
import type { SpendSink } from './store';

/** A quantity held or committed against caps. `tokens` = input + output. */
export interface Amount {
  tokens: number;
  outputTokens: number;
  reasoningTokens: number;
  toolCalls: number;
  usd: number;
  /** Tool whose per-tool cap `toolCalls` also counts against. */
  tool?: string;
}

export const ZERO_AMOUNT: Readonly<Amount> = Object.freeze({ tokens: 0, outputTokens: 0, reasoningTokens: 0, toolCalls: 0, usd: 0 });

/** One cap at one level, as it stands now. */
export interface Cap {
  /** Which level sets it: 'run', 'workspace.daily', a shared scope's name… */
  scope: string;
  resource: Resource;
  limit: number;
  /** Committed spend. */
  used: number;
  /** Held by in-flight requests (this run's and others'). */
  reserved: number;
}

export interface SpendScope {
  readonly name: string;
  readonly parent: SpendScope | undefined;
  /** Persists the charges of every run under this scope, if set. */
  readonly sink?: SpendSink | undefined;
  /** Caps this level sets at time `nowMs`; per-tool caps only for `tool`. */
  caps(nowMs: number, tool?: string): Cap[];
  hold(a: Amount): void;
  unhold(a: Amount): void;
  /** Spend that happened (by a run under this scope) at time `ts`. */
  commit(a: Amount, ts: number): void;
}

export function stopReasonOf(r: Resource): StopReason {
  switch (r) {
    case 'tokens':
    case 'outputTokens':
    case 'reasoningTokens':
      return 'budget:tokens';
    case 'usd':
      return 'budget:usd';
    case 'seconds':
      return 'budget:time';
    default:
      return 'budget:tool_calls';
  }
}

/** What is left under a cap for new holds. May be negative after an estimation error. */
export const available = (c: Cap): number => c.limit - c.used - c.reserved;

/** `scope` and its ancestors, nearest first. */
export function chainOf(scope: SpendScope): SpendScope[] {
  const out: SpendScope[] = [];
  for (let s: SpendScope | undefined = scope; s; s = s.parent) out.push(s);
  return out;
}

/** Counters of one level: committed and held per resource. */
export class Counters {
  readonly used: Amount = { ...ZERO_AMOUNT };
  readonly held: Amount = { ...ZERO_AMOUNT };
  readonly toolUsed = new Map<string, number>();
  readonly toolHeld = new Map<string, number>();

  add(into: 'used' | 'held', a: Amount, sign: 1 | -1): void {
    const t = this[into];
    t.tokens += sign * a.tokens;
    t.outputTokens += sign * a.outputTokens;
    t.reasoningTokens += sign * a.reasoningTokens;
    t.toolCalls += sign * a.toolCalls;
    t.usd += sign * a.usd;
    if (a.tool !== undefined && a.toolCalls !== 0) {
      const m = into === 'used' ? this.toolUsed : this.toolHeld;
      m.set(a.tool, (m.get(a.tool) ?? 0) + sign * a.toolCalls);
    }
  }
}

/** Amount field that a cap on resource `r` reads (per-tool caps read the tool maps). */
export function amountOf(a: Amount, r: Resource): number {
  switch (r) {
    case 'tokens':
      return a.tokens;
    case 'outputTokens':
      return a.outputTokens;
    case 'reasoningTokens':
      return a.reasoningTokens;
    case 'toolCalls':
      return a.toolCalls;
    case 'usd':
      return a.usd;
    default:
      return 0;
  }
}

/**
 * A shared scope with ordinary BudgetLimits over the runs under it (wall time
 * is per run and not capped here). Use it to give several runs one pool of
 * tokens, tool calls or dollars.
 */
export class BudgetScope implements SpendScope {
  private readonly counters = new Counters();
  private readonly resources: Resource[];

  constructor(
    readonly name: string,
    readonly limits: BudgetLimits,
    readonly parent: SpendScope | undefined = undefined,
    readonly sink: SpendSink | undefined = undefined,
  ) {
    this.resources = limitedResources(limits).filter((r) => r !== 'seconds' && !r.startsWith('tool:'));
  }

  caps(_nowMs: number, tool?: string): Cap[] {
    const c = this.counters;
    const out: Cap[] = [];
    for (const r of this.resources) {
      out.push({ scope: this.name, resource: r, limit: limitOf(this.limits, r) as number, used: amountOf(c.used, r), reserved: amountOf(c.held, r) });
    }
    const toolLimit = tool === undefined ? undefined : this.limits.maxToolCallsPerTool?.[tool];
    if (tool !== undefined && toolLimit !== undefined) {
      out.push({ scope: this.name, resource: `tool:${tool}`, limit: toolLimit, used: c.toolUsed.get(tool) ?? 0, reserved: c.toolHeld.get(tool) ?? 0 });
    }
    return out;
  }

  hold(a: Amount): void {
    this.counters.add('held', a, 1);
  }

  unhold(a: Amount): void {
    this.counters.add('held', a, -1);
  }

  commit(a: Amount): void {
    this.counters.add('used', a, 1);
  }

  /** Committed spend under this scope. */
  spent(): Readonly<Amount> {
    return this.counters.used;
  }
}

let nextId = 0;

/**
 * An amount held at every level of a chain until it is released (by the
 * charge that settles it, or by the caller when the request is not sent).
 * Releasing twice is harmless.
 */
export class Hold implements Reservation {
  readonly id: string;
  private open = true;

  constructor(
    readonly amount: Amount,
    private readonly chain: readonly SpendScope[],
  ) {
    this.id = `r${++nextId}`;
    for (const s of chain) s.hold(amount);
  }

  get active(): boolean {
    return this.open;
  }

  release(): void {
    if (!this.open) return;
    this.open = false;
    for (const s of this.chain) s.unhold(this.amount);
  }
}
