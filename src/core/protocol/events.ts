// zod schemas for the AgentEvent stream (src/core/events/types.ts) as it
// crosses the extension ↔ webview boundary. The compile-time checks at the end
// keep these schemas and the TypeScript contract from drifting apart.
import { z } from 'zod';
import type { AgentEvent } from '../events/types';
import type { BudgetLimits, Usage } from '../budget/usage';

const count = z.number().finite().nonnegative();
const text = (max: number) => z.string().max(max);

export const usageSchema = z.object({
  inputTokens: count,
  cachedInputTokens: count,
  outputTokens: count,
  reasoningTokens: count,
  toolCalls: count,
  usd: count,
  seconds: count,
});

export const budgetLimitsSchema = z.object({
  maxTokens: count.optional(),
  maxOutputTokens: count.optional(),
  maxThinkingTokens: count.optional(),
  maxToolCalls: count.optional(),
  maxToolCallsPerTool: z.record(z.string(), count).optional(),
  maxUsd: count.optional(),
  maxSeconds: count.optional(),
});

export const tierSchema = z.enum(['HIGH', 'MEDIUM', 'LOW', 'CRITICAL']);
export const stopReasonSchema = z.enum([
  'answer',
  'budget:tool_calls',
  'budget:tokens',
  'budget:usd',
  'budget:time',
  'cancelled',
  'error',
]);
export const planStatusSchema = z.enum(['open', 'done', 'failed', 'partial']);

export interface PlanItemShape {
  id: string;
  text: string;
  status: 'open' | 'done' | 'failed' | 'partial';
  spent: { tokens: number; toolCalls: number; usd: number };
  children?: PlanItemShape[] | undefined;
}

export const planItemSchema: z.ZodType<PlanItemShape> = z.lazy(() =>
  z.object({
    id: text(200),
    text: text(2_000),
    status: planStatusSchema,
    spent: z.object({ tokens: count, toolCalls: count, usd: count }),
    children: z.array(planItemSchema).max(200).optional(),
  }),
);

const base = { runId: text(200), ts: z.number().finite() };

export const agentEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run_started'),
    task: text(100_000),
    strategy: text(100),
    provider: text(200),
    model: text(500),
    limits: budgetLimitsSchema,
  }),
  z.object({ ...base, type: z.literal('step_started'), step: count }),
  z.object({
    ...base,
    type: z.literal('model_call'),
    step: count,
    requestId: text(500).optional(),
    model: text(500),
    maxOutputTokens: count,
    inputTokens: count,
    cachedInputTokens: count,
    outputTokens: count,
    reasoningTokens: count,
    usd: count,
    latencyMs: count,
    estimated: z.boolean(),
    finishReason: text(100),
    purpose: text(100),
  }),
  z.object({ ...base, type: z.literal('text_delta'), step: count, delta: text(1_000_000) }),
  z.object({
    ...base,
    type: z.literal('tool_call'),
    step: count,
    name: text(200),
    args: text(10_000),
    ok: z.boolean(),
    resultBytes: count,
    truncated: z.boolean(),
    error: text(10_000).optional(),
    durationMs: count,
  }),
  z.object({
    ...base,
    type: z.literal('spend'),
    spent: usageSchema,
    limits: budgetLimitsSchema,
    fractionRemaining: z.number().finite(),
    tier: tierSchema,
  }),
  z.object({
    ...base,
    type: z.literal('tier_changed'),
    from: tierSchema,
    to: tierSchema,
    fractionRemaining: z.number().finite(),
    resource: text(100),
  }),
  z.object({ ...base, type: z.literal('plan_updated'), items: z.array(planItemSchema).max(500) }),
  z.object({
    ...base,
    type: z.literal('verifier'),
    decision: z.enum(['SUCCESS', 'CONTINUE', 'PIVOT']),
    justification: text(100_000),
    candidate: text(1_000_000),
  }),
  z.object({ ...base, type: z.literal('pivot'), summary: text(100_000) }),
  z.object({ ...base, type: z.literal('answer_candidate'), answer: text(1_000_000), verified: z.boolean() }),
  z.object({
    ...base,
    type: z.literal('budget_refused'),
    what: z.enum(['model_call', 'tool_call']),
    stoppedBy: stopReasonSchema,
    detail: text(10_000),
  }),
  z.object({
    ...base,
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: text(100_000),
  }),
  z.object({
    ...base,
    type: z.literal('run_finished'),
    answer: text(1_000_000).nullable(),
    stoppedBy: stopReasonSchema,
    error: text(100_000).optional(),
    spent: usageSchema,
    limits: budgetLimitsSchema,
    steps: count,
    strategy: text(100),
  }),
]);

// ---- compile-time agreement with the contracts ------------------------------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(_ok: T): void => undefined;
agree<Same<z.infer<typeof usageSchema>, Usage>>(true);
agree<Same<z.infer<typeof budgetLimitsSchema>, BudgetLimits>>(true);
// Every parsed event is an AgentEvent and every AgentEvent type is covered.
agree<z.infer<typeof agentEventSchema> extends AgentEvent ? true : false>(true);
agree<Same<z.infer<typeof agentEventSchema>['type'], AgentEvent['type']>>(true);
