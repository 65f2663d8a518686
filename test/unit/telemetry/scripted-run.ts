// A scripted run as the agent loop would emit it: 3 model calls, 2 tool calls
// (one failing), spend after every charge, and the content-bearing events
// (task, deltas, tool args, verifier, plan, log, answer) carrying marker text
// that must never reach the collector unless content export is opted in.
import type { BudgetLimits, Usage } from '../../../src/core/budget/usage';
import { ZERO_USAGE, addUsage } from '../../../src/core/budget/usage';
import type { AgentEvent } from '../../../src/core/events/types';

export const SECRETS = {
  task: 'SECRET_TASK_refactor_the_payment_module',
  delta: 'SECRET_DELTA_model_output_text',
  args: '{"path":"SECRET_ARGS_src/payments.ts"}',
  toolError: 'SECRET_TOOL_ERROR_permission_denied_on_/home/alice',
  justification: 'SECRET_VERIFIER_JUSTIFICATION',
  plan: 'SECRET_PLAN_ITEM',
  log: 'SECRET_LOG_LINE',
  answer: 'SECRET_ANSWER_done_refactoring',
};

export const LIMITS: BudgetLimits = { maxUsd: 0.5, maxTokens: 20_000, maxToolCalls: 10 };
export const T0 = 1_780_000_000_000;
export const TOOL_USD = 0.001;

interface Call {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  usd: number;
  latencyMs: number;
}

export const CALLS: Call[] = [
  { inputTokens: 1200, cachedInputTokens: 0, outputTokens: 300, reasoningTokens: 100, usd: 0.0105, latencyMs: 800 },
  { inputTokens: 1900, cachedInputTokens: 1024, outputTokens: 250, reasoningTokens: 0, usd: 0.00725, latencyMs: 650 },
  { inputTokens: 2600, cachedInputTokens: 1536, outputTokens: 420, reasoningTokens: 64, usd: 0.0113, latencyMs: 1200 },
];

export function scriptedRun(runId = 'run-1'): { events: AgentEvent[]; spent: Usage } {
  const events: AgentEvent[] = [];
  let ts = T0;
  let spent: Usage = { ...ZERO_USAGE };
  const base = () => ({ runId, ts });
  const spend = () => {
    const fractionRemaining = 1 - spent.usd / (LIMITS.maxUsd as number);
    events.push({ ...base(), type: 'spend', spent: { ...spent }, limits: LIMITS, fractionRemaining, tier: fractionRemaining > 0.5 ? 'HIGH' : 'MEDIUM' });
  };

  events.push({ ...base(), type: 'run_started', task: SECRETS.task, strategy: 'bats', provider: 'openai', model: 'gpt-4o-mini', limits: LIMITS });
  events.push({ ...base(), type: 'plan_updated', items: [{ id: '1', text: SECRETS.plan, status: 'open', spent: { tokens: 0, toolCalls: 0, usd: 0 } }] });
  CALLS.forEach((call, i) => {
    const step = i + 1;
    ts += 10;
    events.push({ ...base(), type: 'step_started', step });
    events.push({ ...base(), type: 'text_delta', step, delta: `${SECRETS.delta}#${step}` });
    ts += call.latencyMs;
    // As the budget core does it: the charge (and its spend event) first, then the call's event.
    spent = addUsage(spent, { ...call, seconds: call.latencyMs / 1000 });
    spend();
    events.push({ ...base(), type: 'model_call', step, requestId: `req-${step}`, model: 'gpt-4o-mini', maxOutputTokens: 1024, ...call, estimated: step === 2, finishReason: step === 3 ? 'stop' : 'tool_calls', purpose: step === 3 ? 'answer' : 'act' });
    if (step < 3) {
      const durationMs = 40 * step;
      ts += durationMs;
      const ok = step === 1;
      // Tool calls are priced too (the ledger's per-call price); tool_call events carry no price.
      spent = addUsage(spent, { toolCalls: 1, usd: TOOL_USD, seconds: durationMs / 1000 });
      spend();
      events.push({ ...base(), type: 'tool_call', step, name: ok ? 'read_file' : 'run_command', args: SECRETS.args, ok, resultBytes: ok ? 2048 : 0, truncated: false, durationMs, ...(ok ? {} : { error: SECRETS.toolError }) });
    }
  });
  events.push({ ...base(), type: 'log', level: 'info', message: SECRETS.log });
  events.push({ ...base(), type: 'tier_changed', from: 'HIGH', to: 'MEDIUM', fractionRemaining: 0.45, resource: 'usd' });
  events.push({ ...base(), type: 'verifier', decision: 'SUCCESS', justification: SECRETS.justification, candidate: SECRETS.answer });
  events.push({ ...base(), type: 'answer_candidate', answer: SECRETS.answer, verified: true });
  ts += 5;
  events.push({ ...base(), type: 'run_finished', answer: SECRETS.answer, stoppedBy: 'answer', spent: { ...spent }, limits: LIMITS, steps: 3, strategy: 'bats' });
  return { events, spent };
}
