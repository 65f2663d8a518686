// The single path every model call takes, so no strategy can bypass the
// budget: estimate the prompt, ask the budget how large a completion still
// fits (refusal ends the run with the cap's StopReason), send exactly that
// max, and charge every billed attempt through onUsage — failed and cancelled
// attempts included — before anything else happens.
import type { ChargeCause, Reservation } from '../budget/gate';
import { ProviderError, type ChatMessage, type ChatResult, type ReportedUsage, type ToolSpec } from '../models/types';
import { RunStopped, type RunContext } from './context';

export interface ModelCallRequest {
  /** 'act' | 'verify' | 'plan' | 'decompose' | 'rate' | 'answer' | 'synthesize' | 'route' | 'summarize' */
  purpose: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /** Largest completion this call wants (the budget may allow less). */
  wantedMaxOutputTokens?: number;
  /** Refuse rather than send a call with less room than this. */
  minUsefulOutputTokens?: number;
  /** Forward text deltas as text_delta events (default true). */
  stream?: boolean;
  /** Request thinking for this call (default: when the run has a thinking budget). */
  thinking?: boolean;
}

function sumUsage(a: ReportedUsage, b: ReportedUsage): ReportedUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    estimated: a.estimated || b.estimated,
  };
}

const NO_USAGE: ReportedUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, estimated: false };

/** Signal that fires when the run is cancelled or its wall-time budget runs out. */
function callSignal(ctx: RunContext): { signal: AbortSignal; timeUp: () => boolean } {
  const signals: AbortSignal[] = [];
  if (ctx.options.signal) signals.push(ctx.options.signal);
  const seconds = ctx.budget.remaining().seconds;
  let timer: AbortSignal | undefined;
  if (seconds !== undefined) {
    timer = AbortSignal.timeout(Math.max(1, Math.floor(seconds * 1000)));
    signals.push(timer);
  }
  const signal = signals.length ? AbortSignal.any(signals) : new AbortController().signal;
  return { signal, timeUp: () => timer?.aborted ?? false };
}

export async function callModel(ctx: RunContext, request: ModelCallRequest): Promise<ChatResult> {
  ctx.throwIfStopped();
  const { provider, budget } = ctx;
  const thinking = request.thinking ?? ctx.thinkingBudgetTokens > 0;
  const estimatedInputTokens = await provider.countTokens(request.messages, request.tools);
  const mark = ctx.refusalMark();
  const plan = budget.planCompletion({
    model: provider.model,
    estimatedInputTokens,
    wantedMaxOutputTokens: request.wantedMaxOutputTokens,
    minUsefulOutputTokens: request.minUsefulOutputTokens,
    thinking,
  });
  if (!plan.ok) {
    ctx.reportRefusal(mark, 'model_call', plan.stoppedBy, plan.reason);
    throw new RunStopped(plan.stoppedBy, plan.reason);
  }

  const cause: ChargeCause = { runId: ctx.runId, step: ctx.step, model: provider.model, purpose: request.purpose };
  let reservation: Reservation | undefined = plan.reservation;
  let total = NO_USAGE;
  let usd = 0;
  let requestId: string | undefined;
  let attempts = 0;
  const charge = (usage: ReportedUsage, id?: string) => {
    // Each attempt settles the reservation held for it (the first from the plan,
    // retries from beforeRetry).
    const record = budget.chargeModel(usage, { ...cause, requestId: id }, reservation);
    reservation = undefined;
    attempts++;
    total = sumUsage(total, usage);
    usd += record.delta.usd;
    requestId = id ?? requestId;
  };
  const emitCall = (finishReason: string, latencyMs: number) =>
    ctx.emit({
      type: 'model_call',
      step: ctx.step,
      requestId,
      model: provider.model,
      maxOutputTokens: plan.maxOutputTokens,
      inputTokens: total.inputTokens,
      cachedInputTokens: total.cachedInputTokens,
      outputTokens: total.outputTokens,
      reasoningTokens: total.reasoningTokens,
      usd,
      latencyMs,
      estimated: total.estimated,
      finishReason,
      purpose: request.purpose,
    });

  const { signal, timeUp } = callSignal(ctx);
  const thinkingBudget = thinking
    ? Math.min(ctx.thinkingBudgetTokens || Infinity, plan.maxThinkingTokens ?? Infinity)
    : undefined;
  // A retry re-sends the same request: it may only go out when the budget can
  // hold the same worst case again. Otherwise the run stops on that cap.
  let retryRefusal: { stoppedBy: RunStopped['stoppedBy']; reason: string } | undefined;
  const beforeRetry = (): boolean => {
    const again = budget.planCompletion({
      model: provider.model,
      estimatedInputTokens,
      wantedMaxOutputTokens: plan.maxOutputTokens,
      minUsefulOutputTokens: plan.maxOutputTokens,
      thinking,
    });
    if (!again.ok) {
      ctx.reportRefusal(ctx.refusalMark(), 'model_call', again.stoppedBy, again.reason);
      retryRefusal = { stoppedBy: again.stoppedBy, reason: `a failed call could not be retried: ${again.reason}` };
      return false;
    }
    reservation?.release();
    reservation = again.reservation;
    return true;
  };
  const started = Date.now();
  let result: ChatResult;
  try {
    result = await provider.chat({
      messages: request.messages,
      tools: request.tools && request.tools.length ? request.tools : undefined,
      maxOutputTokens: plan.maxOutputTokens,
      temperature: ctx.options.temperature,
      seed: ctx.options.seed,
      thinking: thinkingBudget !== undefined && Number.isFinite(thinkingBudget) ? { budgetTokens: thinkingBudget } : undefined,
      signal,
      onEvent: (event) => {
        if (event.type === 'text' && request.stream !== false) ctx.emit({ type: 'text_delta', step: ctx.step, delta: event.delta });
      },
      onUsage: (usage, info) => charge(usage, info.requestId),
      beforeRetry,
    });
  } catch (err) {
    reservation?.release();
    const cancelled = err instanceof ProviderError && err.kind === 'cancelled';
    emitCall(cancelled || signal.aborted ? 'cancelled' : 'error', Date.now() - started);
    if (timeUp()) throw new RunStopped('budget:time', 'the time budget ran out during a model call');
    if (ctx.options.signal?.aborted) throw new RunStopped('cancelled', 'the run was cancelled');
    if (retryRefusal) throw new RunStopped(retryRefusal.stoppedBy, `${retryRefusal.reason} (${err instanceof Error ? err.message : String(err)})`);
    throw err;
  }
  // A provider that reported nothing through onUsage is charged from its result,
  // so no spend is ever lost.
  if (attempts === 0) charge(result.usage, result.requestId);
  emitCall(result.finishReason, result.latencyMs || Date.now() - started);
  if (result.finishReason === 'cancelled' || signal.aborted) {
    if (timeUp()) throw new RunStopped('budget:time', 'the time budget ran out during a model call');
    throw new RunStopped('cancelled', 'the run was cancelled');
  }
  return result;
}
