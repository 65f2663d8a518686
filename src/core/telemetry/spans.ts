// Turns the AgentEvent stream into GenAI spans, after the fact: the events
// say what happened and when it ended, so each span is created with explicit
// start/end times (`ts - latencyMs` .. `ts`) instead of being timed live.
//
//   invoke_agent                 one per run (parent), run_started .. run_finished
//   ├── chat {model}             one per model_call
//   └── execute_tool {name}      one per tool_call
//
// Content (task, answer, model output text, tool arguments, error messages)
// is only attached when `includeContent` is on; by default spans carry names,
// counts, money and budget state only.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { Usage } from '../budget/usage';
import { ZERO_USAGE } from '../budget/usage';
import type { AgentEvent, EventOf } from '../events/types';
import * as A from './attributes';
import { budgetAttributes } from './budget-attributes';
import type { GenAiMetrics } from './metrics';

const AGENT_NAME = 'budget-agent';

interface RunState {
  span: Span;
  ctx: Context;
  provider: string;
  model: string;
  lastTs: number;
  estimated: boolean;
  /** Latest budget state, from spend and tier_changed events (whichever came last). */
  tier?: string;
  fractionRemaining?: number;
  /** Streamed model output per step, kept only when content is included. */
  deltas: Map<number, string>;
  /**
   * Money accounting. Tool calls cost money in the ledger (a per-call price)
   * but tool_call events carry no price, so it is read from the `spend` event
   * of the tool charge (emitted just before tool_call) and queued until the
   * tool_call arrives. `lastSpent` is undefined until a baseline is known
   * (a run first seen mid-stream).
   */
  lastSpent?: Usage;
  pendingToolUsd: number[];
  /** USD already added to the cost counter for this run. */
  countedUsd: number;
}

export class RunSpans {
  private readonly runs = new Map<string, RunState>();

  constructor(
    private readonly tracer: Tracer,
    private readonly metrics: GenAiMetrics,
    private readonly includeContent: boolean,
  ) {}

  /** Number of runs whose run_finished has not been seen yet. */
  get openRuns(): number {
    return this.runs.size;
  }

  handle(event: AgentEvent): void {
    switch (event.type) {
      case 'run_started':
        return this.runStarted(event);
      case 'model_call':
        return this.modelCall(event);
      case 'tool_call':
        return this.toolCall(event);
      case 'text_delta':
        return this.textDelta(event);
      case 'spend':
      case 'tier_changed': {
        const run = this.run(event);
        run.tier = event.type === 'spend' ? event.tier : event.to;
        run.fractionRemaining = event.fractionRemaining;
        if (event.type === 'spend') return this.spend(run, event);
        run.span.addEvent(
          'budget_agent.tier_changed',
          { 'budget_agent.tier.from': event.from, 'budget_agent.tier.to': event.to, [A.BA_FRACTION_REMAINING]: event.fractionRemaining, 'budget_agent.budget.resource': event.resource },
          event.ts,
        );
        return;
      }
      case 'budget_refused':
        // `detail` is the budget core's own wording (amounts and caps), not user content.
        this.run(event).span.addEvent(
          'budget_agent.budget_refused',
          { 'budget_agent.refused.what': event.what, [A.BA_STOPPED_BY]: event.stoppedBy, 'budget_agent.refused.detail': event.detail },
          event.ts,
        );
        return;
      case 'verifier': {
        const attrs: Attributes = { 'budget_agent.verifier.decision': event.decision };
        if (this.includeContent) attrs['budget_agent.verifier.justification'] = event.justification;
        this.run(event).span.addEvent('budget_agent.verifier', attrs, event.ts);
        return;
      }
      case 'run_finished':
        return this.runFinished(event);
      default:
        // step_started, plan_updated, pivot, answer_candidate, log: either
        // content (never exported) or already visible through the spans.
        return;
    }
  }

  /** Ends every open run span (shutdown before run_finished), marked incomplete. */
  endAll(): void {
    for (const [runId, state] of this.runs) {
      if (state.lastSpent) this.settleCost(state, state.lastSpent.usd);
      state.span.setAttribute(A.BA_INCOMPLETE, true);
      state.span.end(state.lastTs);
      this.runs.delete(runId);
    }
  }

  private runStarted(event: EventOf<'run_started'>): void {
    if (this.runs.has(event.runId)) return;
    const attrs: Attributes = {
      [A.GEN_AI_OPERATION_NAME]: A.OP_INVOKE_AGENT,
      [A.GEN_AI_PROVIDER_NAME]: event.provider,
      [A.GEN_AI_REQUEST_MODEL]: event.model,
      [A.GEN_AI_AGENT_NAME]: AGENT_NAME,
      [A.GEN_AI_CONVERSATION_ID]: event.runId,
      [A.BA_STRATEGY]: event.strategy,
      ...budgetAttributes(event.limits),
    };
    if (this.includeContent) attrs[A.GEN_AI_INPUT_MESSAGES] = messages('user', event.task);
    this.open(event.runId, event.ts, event.provider, event.model, attrs).lastSpent = { ...ZERO_USAGE };
  }

  private spend(run: RunState, event: EventOf<'spend'>): void {
    const before = run.lastSpent;
    run.lastSpent = event.spent;
    // Only a tool charge raises toolCalls; a model charge is priced on its model_call event.
    if (before && event.spent.toolCalls > before.toolCalls) run.pendingToolUsd.push(Math.max(0, event.spent.usd - before.usd));
  }

  /**
   * Adds to the cost counter whatever the ledger charged this run that no
   * model_call / tool_call carried (a tool that threw before its tool_call
   * event, spend before a late attach), so the counter's total equals the ledger's.
   */
  private settleCost(run: RunState, ledgerUsd: number): void {
    const rest = ledgerUsd - run.countedUsd;
    if (rest > 1e-12) this.metrics.cost(rest, { [A.GEN_AI_OPERATION_NAME]: A.OP_INVOKE_AGENT, [A.GEN_AI_PROVIDER_NAME]: run.provider });
    run.countedUsd = ledgerUsd;
  }

  private open(runId: string, ts: number, provider: string, model: string, attributes: Attributes): RunState {
    // In-process agent: INTERNAL, per the GenAI agent-span conventions.
    const span = this.tracer.startSpan(A.OP_INVOKE_AGENT, { kind: SpanKind.INTERNAL, startTime: ts, attributes, root: true }, ROOT_CONTEXT);
    const state: RunState = { span, ctx: trace.setSpan(ROOT_CONTEXT, span), provider, model, lastTs: ts, estimated: false, deltas: new Map(), pendingToolUsd: [], countedUsd: 0 };
    this.runs.set(runId, state);
    return state;
  }

  /** The run's state; a run first seen mid-stream (attached late) gets a parent span of its own. */
  private run(event: AgentEvent): RunState {
    let state = this.runs.get(event.runId);
    if (!state) {
      const start = event.ts - durationOf(event);
      state = this.open(event.runId, start, 'unknown', event.type === 'model_call' ? event.model : 'unknown', {
        [A.GEN_AI_OPERATION_NAME]: A.OP_INVOKE_AGENT,
        [A.GEN_AI_AGENT_NAME]: AGENT_NAME,
        [A.GEN_AI_CONVERSATION_ID]: event.runId,
        [A.BA_INCOMPLETE]: true,
      });
    }
    state.lastTs = Math.max(state.lastTs, event.ts);
    return state;
  }

  private modelCall(event: EventOf<'model_call'>): void {
    const run = this.run(event);
    run.estimated ||= event.estimated;
    const attributes: Attributes = {
      [A.GEN_AI_OPERATION_NAME]: A.OP_CHAT,
      [A.GEN_AI_PROVIDER_NAME]: run.provider,
      [A.GEN_AI_REQUEST_MODEL]: event.model,
      [A.GEN_AI_REQUEST_MAX_TOKENS]: event.maxOutputTokens,
      [A.GEN_AI_RESPONSE_FINISH_REASONS]: [event.finishReason],
      ...usageAttributes(event),
      [A.BA_COST_USD]: event.usd,
      [A.BA_ESTIMATED]: event.estimated,
      [A.BA_PURPOSE]: event.purpose,
      [A.BA_STEP]: event.step,
    };
    if (event.requestId) attributes[A.GEN_AI_RESPONSE_ID] = event.requestId;
    if (this.includeContent) {
      const text = run.deltas.get(event.step);
      if (text) attributes[A.GEN_AI_OUTPUT_MESSAGES] = messages('assistant', text, event.finishReason);
    }
    run.deltas.delete(event.step);
    // The agent loop reports failed and cancelled calls with these finish reasons.
    const failed = event.finishReason === 'error';
    if (failed) attributes[A.ERROR_TYPE] = 'model_error';
    const span = this.tracer.startSpan(
      `${A.OP_CHAT} ${event.model}`,
      { kind: SpanKind.CLIENT, startTime: event.ts - Math.max(0, event.latencyMs), attributes },
      run.ctx,
    );
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(event.ts);
    this.metrics.modelCall(event, run.provider);
    run.countedUsd += Math.max(0, event.usd);
  }

  private toolCall(event: EventOf<'tool_call'>): void {
    const run = this.run(event);
    const usd = run.pendingToolUsd.shift() ?? 0;
    const attributes: Attributes = {
      [A.GEN_AI_OPERATION_NAME]: A.OP_EXECUTE_TOOL,
      [A.GEN_AI_TOOL_NAME]: event.name,
      [A.GEN_AI_TOOL_TYPE]: 'function',
      [A.BA_TOOL_OK]: event.ok,
      [A.BA_TOOL_RESULT_BYTES]: event.resultBytes,
      [A.BA_TOOL_TRUNCATED]: event.truncated,
      [A.BA_STEP]: event.step,
      [A.BA_COST_USD]: usd,
    };
    // Arguments carry paths, commands and file text: content.
    if (this.includeContent) attributes[A.GEN_AI_TOOL_CALL_ARGUMENTS] = event.args;
    if (!event.ok) attributes[A.ERROR_TYPE] = 'tool_error';
    const span = this.tracer.startSpan(
      `${A.OP_EXECUTE_TOOL} ${event.name}`,
      { kind: SpanKind.INTERNAL, startTime: event.ts - Math.max(0, event.durationMs), attributes },
      run.ctx,
    );
    if (!event.ok) span.setStatus(errorStatus(this.includeContent ? event.error : undefined));
    span.end(event.ts);
    this.metrics.toolCall(event, usd);
    run.countedUsd += usd;
  }

  private textDelta(event: EventOf<'text_delta'>): void {
    if (!this.includeContent) return;
    const run = this.run(event);
    run.deltas.set(event.step, (run.deltas.get(event.step) ?? '') + event.delta);
  }

  private runFinished(event: EventOf<'run_finished'>): void {
    const run = this.run(event);
    const { spent } = event;
    const attributes: Attributes = {
      ...usageAttributes(spent),
      [A.BA_COST_USD]: spent.usd,
      [A.BA_TOOL_CALLS]: spent.toolCalls,
      [A.BA_STOPPED_BY]: event.stoppedBy,
      [A.BA_STEPS]: event.steps,
      [A.BA_STRATEGY]: event.strategy,
      [A.BA_ESTIMATED]: run.estimated,
      ...budgetAttributes(event.limits, spent),
    };
    if (run.tier !== undefined) attributes[A.BA_TIER] = run.tier;
    if (run.fractionRemaining !== undefined) attributes[A.BA_FRACTION_REMAINING] = run.fractionRemaining;
    if (this.includeContent && event.answer !== null) attributes[A.GEN_AI_OUTPUT_MESSAGES] = messages('assistant', event.answer);
    if (event.stoppedBy === 'error') attributes[A.ERROR_TYPE] = 'agent_error';
    run.span.setAttributes(attributes);
    if (event.stoppedBy === 'error') run.span.setStatus(errorStatus(this.includeContent ? event.error : undefined));
    run.span.end(event.ts);
    this.settleCost(run, spent.usd);
    this.runs.delete(event.runId);
  }
}

function durationOf(event: AgentEvent): number {
  if (event.type === 'model_call') return Math.max(0, event.latencyMs);
  if (event.type === 'tool_call') return Math.max(0, event.durationMs);
  return 0;
}

/** Error messages can quote prompts or file text, so they travel only with content. */
function errorStatus(message: string | undefined): { code: SpanStatusCode; message?: string } {
  return message ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR };
}

/** The conventions' structured message form, serialised (OTLP attributes cannot nest). */
function messages(role: 'user' | 'assistant', text: string, finishReason?: string): string {
  const message: Record<string, unknown> = { role, parts: [{ type: 'text', content: text }] };
  if (finishReason) message.finish_reason = finishReason;
  return JSON.stringify([message]);
}

/** The GenAI token-usage attributes of a model call or of a whole run (same field names). */
function usageAttributes(u: { inputTokens: number; outputTokens: number; cachedInputTokens: number; reasoningTokens: number }): Attributes {
  return {
    [A.GEN_AI_USAGE_INPUT_TOKENS]: u.inputTokens,
    [A.GEN_AI_USAGE_OUTPUT_TOKENS]: u.outputTokens,
    [A.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: u.cachedInputTokens,
    [A.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: u.reasoningTokens,
  };
}
