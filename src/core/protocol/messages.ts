// The one message protocol between the extension and the side panel webview.
// Both directions are zod schemas; each side validates every message it
// receives (`parseToWebview` in the webview, `parseToExtension` in the
// extension) and ignores invalid ones with a logged reason.
import { z } from 'zod';
import { agentEventSchema, budgetLimitsSchema, planItemSchema, stopReasonSchema, tierSchema, usageSchema } from './events';
import { BUDGET_KEYS } from './budgets';
import type { PanelState } from './state';

export const PROTOCOL_VERSION = 1;

const count = z.number().finite().nonnegative();
const str = (max: number) => z.string().max(max);
const budgetKeySchema = z.enum(BUDGET_KEYS);

// ---- panel state (snapshot) -------------------------------------------------
const entryBase = { id: count, ts: z.number().finite() };
export const timelineEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    ...entryBase,
    kind: z.literal('model'),
    step: count,
    model: str(500),
    purpose: str(100),
    inputTokens: count,
    cachedInputTokens: count,
    outputTokens: count,
    reasoningTokens: count,
    usd: count,
    latencyMs: count,
    finishReason: str(100),
    estimated: z.boolean(),
  }),
  z.object({
    ...entryBase,
    kind: z.literal('tool'),
    step: count,
    name: str(200),
    args: str(10_000),
    ok: z.boolean(),
    resultBytes: count,
    truncated: z.boolean(),
    error: str(10_000).nullable(),
    durationMs: count,
  }),
  z.object({ ...entryBase, kind: z.literal('verifier'), decision: z.enum(['SUCCESS', 'CONTINUE', 'PIVOT']), justification: str(100_000) }),
  z.object({ ...entryBase, kind: z.literal('pivot'), summary: str(100_000) }),
  z.object({ ...entryBase, kind: z.literal('refused'), what: str(100), stoppedBy: stopReasonSchema, detail: str(10_000) }),
  z.object({ ...entryBase, kind: z.literal('tier'), from: tierSchema, to: tierSchema, resource: str(100) }),
  z.object({ ...entryBase, kind: z.literal('log'), level: z.enum(['warn', 'error']), message: str(100_000) }),
]);

export const panelStateSchema = z.object({
  v: z.literal(1),
  status: z.enum(['idle', 'running', 'finished']),
  run: z
    .object({
      runId: str(200),
      task: str(100_000),
      strategy: str(100),
      provider: str(200),
      model: str(500),
      startedTs: z.number().finite(),
      finishedTs: z.number().finite().nullable(),
      stoppedBy: stopReasonSchema.nullable(),
      error: str(100_000).nullable(),
      steps: count,
    })
    .nullable(),
  spent: usageSchema,
  limits: budgetLimitsSchema,
  tier: tierSchema,
  fractionRemaining: z.number().finite(),
  tightest: str(100).nullable(),
  tokensPerSec: count,
  streaming: z.boolean(),
  lastCallTokensPerSec: count.nullable(),
  rateBuckets: z.array(z.object({ t: z.number().finite(), chars: count })).max(64),
  streamTail: str(10_000),
  timeline: z.array(timelineEntrySchema).max(10_000),
  timelineDropped: count,
  nextEntryId: count,
  plan: z.array(planItemSchema).max(500),
  series: z.array(z.object({ t: z.number().finite(), usd: count, tokens: count, toolCalls: count })).max(10_000),
  answer: z.object({ text: str(1_000_000), verified: z.boolean(), final: z.boolean() }).nullable(),
  modelCalls: count,
  toolCallsSeen: count,
  eventsSeen: count,
  eventsIgnored: count,
  lastTs: z.number().finite(),
});

// ---- data the extension provides ---------------------------------------------
export const modelOptionSchema = z.object({
  id: str(500),
  label: str(500),
  provider: str(100),
  detail: str(1_000).optional(),
});
export type ModelOption = z.infer<typeof modelOptionSchema>;

export const panelConfigSchema = z.object({
  /** Current workspace budgets; null/absent = no limit. */
  budgets: z.partialRecord(budgetKeySchema, count.nullable()),
  strategies: z.array(str(100)).max(50),
  models: z.array(modelOptionSchema).max(500),
  selectedStrategy: str(100).nullable(),
  selectedModel: str(500).nullable(),
  /** True in Restricted Mode or without a workspace folder: editor is read-only. */
  budgetsReadOnly: z.boolean().optional(),
  readOnlyReason: str(1_000).optional(),
});
export type PanelConfig = z.infer<typeof panelConfigSchema>;

export const historyRunSchema = z.object({
  runId: str(200),
  ts: z.number().finite(),
  task: str(10_000),
  strategy: str(100),
  model: str(500),
  stoppedBy: stopReasonSchema,
  spent: usageSchema,
  steps: count,
});
export type HistoryRun = z.infer<typeof historyRunSchema>;

export const spendBucketSchema = z.object({
  /** 'YYYY-MM-DD' for days, 'YYYY-MM' for months. */
  period: str(20),
  usd: count,
  tokens: count,
  toolCalls: count,
  runs: count,
});
export type SpendBucket = z.infer<typeof spendBucketSchema>;

export const historyDataSchema = z.object({
  runs: z.array(historyRunSchema).max(1_000),
  daily: z.array(spendBucketSchema).max(1_000),
  monthly: z.array(spendBucketSchema).max(240),
  caps: z.object({ dailyUsd: count.nullable(), monthlyUsd: count.nullable() }).optional(),
});
export type HistoryData = z.infer<typeof historyDataSchema>;

// ---- extension → webview ------------------------------------------------------
export const toWebviewSchema = z.discriminatedUnion('type', [
  /** Full panel state, sent when the webview reports ready. */
  z.object({ type: z.literal('snapshot'), protocol: z.literal(PROTOCOL_VERSION), state: panelStateSchema }),
  /** Coalesced AgentEvents in emission order (one batch per ~50 ms). */
  z.object({ type: z.literal('events'), events: z.array(agentEventSchema).max(100_000) }),
  z.object({ type: z.literal('config'), config: panelConfigSchema }),
  z.object({ type: z.literal('history'), history: historyDataSchema }),
  /** Outcome of a setBudget request. */
  z.object({ type: z.literal('budgetResult'), key: budgetKeySchema, ok: z.boolean(), value: count.nullable(), error: str(2_000).optional() }),
  /** A problem the person should see (e.g. a run could not start). */
  z.object({ type: z.literal('error'), message: str(4_000), context: z.enum(['run', 'budget', 'history', 'config', 'protocol']).optional() }),
]);
export type ToWebview = z.infer<typeof toWebviewSchema>;

// ---- webview → extension ------------------------------------------------------
export const toExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), protocol: z.literal(PROTOCOL_VERSION) }),
  z.object({
    type: z.literal('runTask'),
    task: z.string().trim().min(1, 'task is empty').max(100_000),
    strategy: str(100).min(1),
    model: str(500).nullable(),
  }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('setBudget'), key: budgetKeySchema, value: count.nullable() }),
  z.object({ type: z.literal('requestHistory') }),
  z.object({ type: z.literal('requestConfig') }),
  z.object({ type: z.literal('selectModel'), model: str(500).min(1) }),
  z.object({ type: z.literal('selectStrategy'), strategy: str(100).min(1) }),
]);
export type ToExtension = z.infer<typeof toExtensionSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, message: r.data };
  const type = typeof data === 'object' && data !== null && 'type' in data ? String((data as { type: unknown }).type) : typeof data;
  const first = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, reason: `invalid '${type.slice(0, 40)}' message — ${first.join('; ')}` };
}

/** Webview side: validates a message from the extension. */
export const parseToWebview = (data: unknown): ParseResult<ToWebview> => parseWith(toWebviewSchema, data);
/** Extension side: validates a message from the webview. */
export const parseToExtension = (data: unknown): ParseResult<ToExtension> => parseWith(toExtensionSchema, data);

// The snapshot schema must describe PanelState exactly.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(_ok: T): void => undefined;
agree<Same<z.infer<typeof panelStateSchema>, PanelState>>(true);
