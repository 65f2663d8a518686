// RunBudget: the BudgetGate of one agent run. It asks every level of its scope
// chain (run → shared scopes → workspace) before anything is spent, holds the
// worst case while a request is in flight, records what was really spent with
// its cause, persists it through the nearest sink, and tells the panel about
// it ('spend', 'tier_changed', 'budget_refused' events).
import type { EventStream } from '../events/emitter';
import type { ReportedUsage } from '../models/types';
import { clampCompletion } from './clamp';
import type { ChargeCause, ChargeRecord, CompletionPlan, BudgetGate, Reservation, ToolPermit } from './gate';
import type { Clock, Resource } from './ledger';
import { Ledger, limitOf, limitedResources } from './ledger';
import { PriceTable, tokenCostUsd, unifiedCostUsd } from './pricing';
import type { Amount, Cap, SpendScope } from './scope';
import { available, chainOf, Counters, Hold, stopReasonOf } from './scope';
import type { SpendSink } from './store';
import { tierFor, roundFraction } from './tiers';
import { renderTrackerBlock } from './tracker';
import type { BudgetLimits, StopReason, Tier, Usage } from './usage';

export interface RunBudgetOptions {
  runId: string;
  limits?: BudgetLimits;
  /** Shared scope above this run: a BudgetScope, a WorkspaceBudget, … */
  parent?: SpendScope;
  pricing?: PriceTable;
  /** Provider kind ('openai', 'onnx', …): local providers cost no money. */
  provider?: string;
  /** Model charged when a ChargeCause names none. */
  model?: string;
  events?: EventStream;
  clock?: Clock;
  /** Where charges are persisted; default: the nearest sink up the chain. */
  sink?: SpendSink;
  /** Input estimate × (1 + margin) is held for the prompt (default 0.1). */
  inputSafetyMargin?: number;
  /** Refuse a model call when fewer output tokens fit (default 16). */
  minUsefulOutputTokens?: number;
  /** max_tokens when no cap and no caller bound the completion (default 4096). */
  defaultMaxOutputTokens?: number;
  /** The provider bounds thinking on its own (default true); see ClampRequest. */
  thinkingEnforced?: boolean;
  /** Emit 'budget_refused' on refusals (default true). */
  emitRefusals?: boolean;
  /** Keep every ChargeRecord in memory (default true). */
  keepRecords?: boolean;
}

export interface PlanRequest {
  model: string;
  estimatedInputTokens: number;
  wantedMaxOutputTokens?: number;
  minUsefulOutputTokens?: number;
  thinking?: boolean;
  /** Overrides RunBudgetOptions.provider for this request. */
  provider?: string;
  /** Overrides RunBudgetOptions.thinkingEnforced for this request. */
  thinkingEnforced?: boolean;
}

/** The run's own level of the chain: its caps read the ledger plus its holds. */
class RunScope implements SpendScope {
  readonly name = 'run';
  readonly held = new Counters();
  private readonly resources: Resource[];

  constructor(
    private readonly ledger: Ledger,
    readonly parent: SpendScope | undefined,
  ) {
    this.resources = limitedResources(ledger.limits).filter((r) => !r.startsWith('tool:'));
  }

  caps(_nowMs: number, tool?: string): Cap[] {
    const limits = this.ledger.limits;
    const h = this.held.held;
    const out: Cap[] = [];
    for (const r of this.resources) {
      const reserved = r === 'tokens' ? h.tokens : r === 'outputTokens' ? h.outputTokens : r === 'reasoningTokens' ? h.reasoningTokens : r === 'toolCalls' ? h.toolCalls : r === 'usd' ? h.usd : 0;
      out.push({ scope: 'run', resource: r, limit: limitOf(limits, r) as number, used: this.ledger.used(r), reserved });
    }
    const toolLimit = tool === undefined ? undefined : limits.maxToolCallsPerTool?.[tool];
    if (tool !== undefined && toolLimit !== undefined) {
      out.push({ scope: 'run', resource: `tool:${tool}`, limit: toolLimit, used: this.ledger.toolCalls(tool), reserved: this.held.toolHeld.get(tool) ?? 0 });
    }
    return out;
  }

  hold(a: Amount): void {
    this.held.add('held', a, 1);
  }

  unhold(a: Amount): void {
    this.held.add('held', a, -1);
  }

  commit(): void {
    // The ledger is the run's committed spend; RunBudget records into it directly.
  }
}

export class RunBudget implements BudgetGate {
  readonly runId: string;
  readonly limits: BudgetLimits;
  readonly ledger: Ledger;
  readonly pricing: PriceTable;
  private readonly scope: RunScope;
  private readonly chain: SpendScope[];
  private readonly sink: SpendSink | undefined;
  private readonly events: EventStream | undefined;
  private readonly opts: Required<Pick<RunBudgetOptions, 'inputSafetyMargin' | 'minUsefulOutputTokens' | 'defaultMaxOutputTokens' | 'thinkingEnforced' | 'emitRefusals'>>;
  private readonly provider: string | undefined;
  private readonly model: string | undefined;
  private lastTier: Tier;

  constructor(options: RunBudgetOptions) {
    this.runId = options.runId;
    this.limits = options.limits ?? {};
    this.ledger = new Ledger({ limits: this.limits, clock: options.clock ?? Date.now, keepRecords: options.keepRecords ?? true });
    this.pricing = options.pricing ?? new PriceTable();
    this.scope = new RunScope(this.ledger, options.parent);
    this.chain = chainOf(this.scope);
    this.sink = options.sink ?? this.chain.find((s) => s.sink !== undefined)?.sink;
    this.events = options.events;
    this.provider = options.provider;
    this.model = options.model;
    this.opts = {
      inputSafetyMargin: options.inputSafetyMargin ?? 0.1,
      minUsefulOutputTokens: options.minUsefulOutputTokens ?? 16,
      defaultMaxOutputTokens: options.defaultMaxOutputTokens ?? 4096,
      thinkingEnforced: options.thinkingEnforced ?? true,
      emitRefusals: options.emitRefusals ?? true,
    };
    this.lastTier = this.tier();
  }

  /** Every cap of the chain as it stands now (per-tool caps only for `tool`). */
  caps(tool?: string): Cap[] {
    const now = this.ledger.clock();
    const out: Cap[] = [];
    for (const s of this.chain) for (const c of s.caps(now, tool)) out.push(c);
    return out;
  }

  spent(): Usage {
    return this.ledger.spent();
  }

  /** What this run holds for in-flight requests and tool calls. */
  reserved(): Readonly<Amount> {
    return this.scope.held.held;
  }

  /**
   * Effective remaining over the whole chain (the tightest level wins), net of
   * every in-flight hold. inputTokens = remaining total tokens (maxTokens);
   * outputTokens = what a completion could still use (output and total caps).
   */
  remaining(): Partial<Usage> {
    const min: Partial<Record<string, number>> = {};
    for (const c of this.caps()) {
      const left = Math.max(0, available(c));
      min[c.resource] = Math.min(min[c.resource] ?? Infinity, left);
    }
    const out: Partial<Usage> = {};
    if (min.tokens !== undefined) out.inputTokens = min.tokens;
    if (min.tokens !== undefined || min.outputTokens !== undefined) out.outputTokens = Math.min(min.tokens ?? Infinity, min.outputTokens ?? Infinity);
    if (min.reasoningTokens !== undefined) out.reasoningTokens = Math.min(min.reasoningTokens, out.outputTokens ?? Infinity);
    if (min.toolCalls !== undefined) out.toolCalls = min.toolCalls;
    if (min.usd !== undefined) out.usd = min.usd;
    if (min.seconds !== undefined) out.seconds = min.seconds;
    return out;
  }

  fractionRemaining(): { fraction: number; resource: string } {
    let fraction = 1;
    let resource = 'none';
    for (const c of this.caps()) {
      const f = c.limit <= 0 ? 0 : roundFraction(available(c) / c.limit);
      if (f < fraction || resource === 'none') {
        fraction = f;
        resource = c.scope === 'run' ? c.resource : `${c.scope}:${c.resource}`;
      }
    }
    return { fraction, resource };
  }

  tier(): Tier {
    return tierFor(this.fractionRemaining().fraction);
  }

  checkTime(): StopReason | null {
    const max = this.limits.maxSeconds;
    if (max === undefined || this.ledger.elapsedSeconds() < max) return null;
    this.noteTier();
    return 'budget:time';
  }

  planCompletion(request: PlanRequest): CompletionPlan {
    const timeUp = this.checkTime();
    if (timeUp) return this.refuse('model_call', timeUp, `wall-time cap of ${this.limits.maxSeconds}s reached`);
    const provider = request.provider ?? this.provider;
    const price = this.pricing.resolve(request.model, provider);
    // The epsilon keeps 100 × 1.1 = 110.00000000000001 from rounding up to 111.
    const inputTokens = Math.ceil(Math.max(0, request.estimatedInputTokens) * (1 + this.opts.inputSafetyMargin) - 1e-9);
    const thinking = request.thinking ?? false;
    const clamp = clampCompletion(this.caps(), {
      inputTokens,
      price,
      thinking,
      thinkingEnforced: request.thinkingEnforced ?? this.opts.thinkingEnforced,
    });
    const wanted = request.wantedMaxOutputTokens ?? (clamp.maxOutputTokens === Infinity ? this.opts.defaultMaxOutputTokens : Infinity);
    const minUseful = Math.max(1, Math.min(request.minUsefulOutputTokens ?? this.opts.minUsefulOutputTokens, wanted));
    if (clamp.maxOutputTokens < minUseful) {
      const cap = clamp.binding as Cap;
      const stoppedBy = stopReasonOf(cap.resource);
      const detail = clamp.unpricedUnderMoneyCap
        ? `model '${request.model}' has no price, so the ${cap.scope} money cap cannot be enforced; add it to the pricing settings`
        : `only ${Math.max(0, clamp.maxOutputTokens)} output tokens fit under the ${cap.scope} ${cap.resource} cap after ${inputTokens} input tokens (minimum useful: ${minUseful})`;
      return this.refuse('model_call', stoppedBy, detail);
    }
    const maxOutputTokens = Math.floor(Math.min(clamp.maxOutputTokens, wanted));
    const maxThinkingTokens = clamp.maxThinkingTokens === undefined ? undefined : Math.min(clamp.maxThinkingTokens, maxOutputTokens);
    const hold: Amount = {
      tokens: inputTokens + maxOutputTokens,
      outputTokens: maxOutputTokens,
      reasoningTokens: thinking ? (maxThinkingTokens ?? maxOutputTokens) : 0,
      toolCalls: 0,
      usd: price ? clamp.inputUsd + maxOutputTokens * clamp.outputUsdPerToken : 0,
    };
    const reservation = new Hold(hold, this.chain);
    return maxThinkingTokens === undefined ? { ok: true, maxOutputTokens, reservation } : { ok: true, maxOutputTokens, maxThinkingTokens, reservation };
  }

  reserveToolCall(name: string): ToolPermit {
    const timeUp = this.checkTime();
    if (timeUp) return this.refuse('tool_call', timeUp, `wall-time cap of ${this.limits.maxSeconds}s reached`);
    const usd = this.pricing.toolCallPrice(name);
    for (const c of this.caps(name)) {
      const left = available(c);
      if ((c.resource === 'toolCalls' || c.resource === `tool:${name}`) && left < 1) {
        const which = c.resource === 'toolCalls' ? 'tool-call' : `'${name}' call`;
        return this.refuse('tool_call', 'budget:tool_calls', `${c.scope} ${which} cap of ${c.limit} reached`);
      }
      if (c.resource === 'usd' && usd > 0 && left < usd) {
        return this.refuse('tool_call', 'budget:usd', `${c.scope} money cap leaves $${Math.max(0, left).toFixed(4)}, a '${name}' call costs $${usd}`);
      }
    }
    return { ok: true, reservation: new Hold({ tokens: 0, outputTokens: 0, reasoningTokens: 0, toolCalls: 1, usd, tool: name }, this.chain) };
  }

  chargeModel(usage: ReportedUsage, cause: ChargeCause, reservation?: Reservation): ChargeRecord {
    reservation?.release();
    const model = cause.model ?? this.model;
    const price = model === undefined ? undefined : this.pricing.resolve(model, this.provider);
    const delta: Usage = {
      inputTokens: usage.inputTokens,
      cachedInputTokens: usage.cachedInputTokens,
      outputTokens: usage.outputTokens,
      reasoningTokens: usage.reasoningTokens,
      toolCalls: 0,
      usd: price ? tokenCostUsd(usage, price) : 0,
      seconds: 0,
    };
    return this.commit(model !== undefined && cause.model === undefined ? { ...cause, model } : cause, delta, usage.estimated);
  }

  chargeTool(name: string, cause: ChargeCause, reservation?: Reservation): ChargeRecord {
    reservation?.release();
    const delta: Usage = {
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      toolCalls: 1,
      usd: this.pricing.toolCallPrice(name),
      seconds: 0,
    };
    return this.commit(cause.tool === name ? cause : { ...cause, tool: name }, delta, false);
  }

  /** BATS unified cost of this run: c_tokens at `model`'s price + Σ c_i·P_i. */
  unifiedCostUsd(model: string): number {
    const price = this.pricing.resolve(model, this.provider) ?? { input: 0, cachedInput: 0, output: 0 };
    return unifiedCostUsd(this.ledger.spent(), price, this.ledger.toolCounts(), this.pricing);
  }

  trackerBlock(): string {
    const spent = this.ledger.spent();
    const rem = this.remaining();
    const hasTotal = this.caps().some((c) => c.resource === 'tokens');
    const tokensUsed = hasTotal || rem.outputTokens === undefined ? spent.inputTokens + spent.outputTokens : spent.outputTokens;
    const priced = rem.usd !== undefined || spent.usd > 0;
    return renderTrackerBlock({
      toolCallsUsed: spent.toolCalls,
      toolCallsRemaining: rem.toolCalls,
      tokensUsed,
      tokensRemaining: rem.outputTokens,
      thinkingUsed: spent.reasoningTokens,
      thinkingRemaining: rem.reasoningTokens,
      usdUsed: priced ? spent.usd : undefined,
      usdRemaining: rem.usd,
      tier: this.tier(),
    });
  }

  private commit(cause: ChargeCause, delta: Usage, estimated: boolean): ChargeRecord {
    const rec = this.ledger.record(cause, delta, estimated);
    const amount: Amount = {
      tokens: delta.inputTokens + delta.outputTokens,
      outputTokens: delta.outputTokens,
      reasoningTokens: delta.reasoningTokens,
      toolCalls: delta.toolCalls,
      usd: delta.usd,
      tool: cause.tool,
    };
    for (let i = 1; i < this.chain.length; i++) (this.chain[i] as SpendScope).commit(amount, rec.ts);
    this.sink?.append({
      ts: rec.ts,
      runId: cause.runId,
      step: cause.step,
      model: cause.model,
      tool: cause.tool,
      purpose: cause.purpose,
      requestId: cause.requestId,
      inputTokens: delta.inputTokens,
      cachedInputTokens: delta.cachedInputTokens,
      outputTokens: delta.outputTokens,
      reasoningTokens: delta.reasoningTokens,
      toolCalls: delta.toolCalls,
      usd: delta.usd,
      estimated,
    });
    const state = this.fractionRemaining();
    this.events?.emit({ type: 'spend', runId: this.runId, ts: rec.ts, spent: this.ledger.spent(), limits: this.limits, fractionRemaining: state.fraction, tier: tierFor(state.fraction) });
    this.noteTier(state);
    return rec;
  }

  /** Emits 'tier_changed' when the tier differs from the last one seen. */
  private noteTier(state = this.fractionRemaining()): void {
    const { fraction, resource } = state;
    const tier = tierFor(fraction);
    if (tier === this.lastTier) return;
    const from = this.lastTier;
    this.lastTier = tier;
    this.events?.emit({ type: 'tier_changed', runId: this.runId, ts: this.ledger.clock(), from, to: tier, fractionRemaining: fraction, resource });
  }

  private refuse(what: 'model_call' | 'tool_call', stoppedBy: StopReason, reason: string): { ok: false; stoppedBy: StopReason; reason: string } {
    if (this.opts.emitRefusals) {
      this.events?.emit({ type: 'budget_refused', runId: this.runId, ts: this.ledger.clock(), what, stoppedBy, detail: reason });
    }
    return { ok: false, stoppedBy, reason };
  }
}
