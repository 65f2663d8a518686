// The side panel's view model: what the reducer folds AgentEvents into and
// what the extension sends as a snapshot when a webview (re)opens.
import type { BudgetLimits, StopReason, Tier, Usage } from '../budget/usage';
import type { PlanItem, VerifierDecision } from '../events/types';
import { ZERO_USAGE } from '../budget/usage';

export type RunStatus = 'idle' | 'running' | 'finished';

export interface RunInfo {
  runId: string;
  task: string;
  strategy: string;
  provider: string;
  model: string;
  startedTs: number;
  finishedTs: number | null;
  stoppedBy: StopReason | null;
  error: string | null;
  steps: number;
}

interface EntryBase {
  /** Monotonic within a run: a stable key for incremental rendering. */
  id: number;
  ts: number;
}

export type TimelineEntry =
  | (EntryBase & {
      kind: 'model';
      step: number;
      model: string;
      purpose: string;
      inputTokens: number;
      cachedInputTokens: number;
      outputTokens: number;
      reasoningTokens: number;
      usd: number;
      latencyMs: number;
      finishReason: string;
      estimated: boolean;
    })
  | (EntryBase & {
      kind: 'tool';
      step: number;
      name: string;
      args: string;
      ok: boolean;
      resultBytes: number;
      truncated: boolean;
      error: string | null;
      durationMs: number;
    })
  | (EntryBase & { kind: 'verifier'; decision: VerifierDecision; justification: string })
  | (EntryBase & { kind: 'pivot'; summary: string })
  | (EntryBase & { kind: 'refused'; what: string; stoppedBy: StopReason; detail: string })
  | (EntryBase & { kind: 'tier'; from: Tier; to: Tier; resource: string })
  | (EntryBase & { kind: 'log'; level: 'warn' | 'error'; message: string });

export type TimelineKind = TimelineEntry['kind'];

/** One point of the cumulative spend chart; `t` in ms since the run started. */
export interface SpendPoint {
  t: number;
  usd: number;
  tokens: number;
  toolCalls: number;
}

export interface PanelState {
  v: 1;
  status: RunStatus;
  run: RunInfo | null;
  /** Totals from the last `spend` event (or the run summary): the live gauges. */
  spent: Usage;
  limits: BudgetLimits;
  tier: Tier;
  fractionRemaining: number;
  /** Resource named by the last tier change (the tightest one). */
  tightest: string | null;
  /** Approximate streaming rate (≈ 4 characters per token) over the last 2 s. */
  tokensPerSec: number;
  streaming: boolean;
  /** output tokens / latency of the last model call. */
  lastCallTokensPerSec: number | null;
  /** Per-250 ms buckets of streamed characters (rate window). */
  rateBuckets: { t: number; chars: number }[];
  /** Last characters of the model's streamed text (shown as text only). */
  streamTail: string;
  timeline: TimelineEntry[];
  /** Entries dropped from the front to keep the timeline bounded. */
  timelineDropped: number;
  nextEntryId: number;
  plan: PlanItem[];
  series: SpendPoint[];
  answer: { text: string; verified: boolean; final: boolean } | null;
  /** Count of model calls / tool calls seen (not bounded like the timeline). */
  modelCalls: number;
  toolCallsSeen: number;
  eventsSeen: number;
  /** Events of another run ignored while this one was running. */
  eventsIgnored: number;
  lastTs: number;
}

export const MAX_TIMELINE = 300;
export const MAX_SERIES = 400;
export const STREAM_TAIL_CHARS = 600;

export function initialPanelState(): PanelState {
  return {
    v: 1,
    status: 'idle',
    run: null,
    spent: { ...ZERO_USAGE },
    limits: {},
    tier: 'HIGH',
    fractionRemaining: 1,
    tightest: null,
    tokensPerSec: 0,
    streaming: false,
    lastCallTokensPerSec: null,
    rateBuckets: [],
    streamTail: '',
    timeline: [],
    timelineDropped: 0,
    nextEntryId: 1,
    plan: [],
    series: [],
    answer: null,
    modelCalls: 0,
    toolCallsSeen: 0,
    eventsSeen: 0,
    eventsIgnored: 0,
    lastTs: 0,
  };
}

export type GaugeKey = 'tokens' | 'outputTokens' | 'thinking' | 'toolCalls' | 'usd' | 'time';

export interface Gauge {
  key: GaugeKey;
  label: string;
  used: number;
  /** null = no limit set for this resource. */
  limit: number | null;
  /** used / limit, clamped to [0, 1]; 0 without a limit. */
  fraction: number;
  /** Tier of this resource alone by its remaining fraction. */
  tier: Tier;
  unit: 'tokens' | 'calls' | 'usd' | 'seconds';
}

/** BATS tiers by remaining fraction (methods.md §1). */
export function tierOf(fractionRemaining: number): Tier {
  if (fractionRemaining >= 0.7) return 'HIGH';
  if (fractionRemaining >= 0.3) return 'MEDIUM';
  if (fractionRemaining >= 0.1) return 'LOW';
  return 'CRITICAL';
}

/** One gauge per resource; limited resources first. */
export function gaugesOf(spent: Usage, limits: BudgetLimits): Gauge[] {
  const rows: [GaugeKey, string, number, number | undefined, Gauge['unit']][] = [
    ['tokens', 'Tokens (in + out)', spent.inputTokens + spent.outputTokens, limits.maxTokens, 'tokens'],
    ['outputTokens', 'Output tokens', spent.outputTokens, limits.maxOutputTokens, 'tokens'],
    ['thinking', 'Thinking tokens', spent.reasoningTokens, limits.maxThinkingTokens, 'tokens'],
    ['toolCalls', 'Tool calls', spent.toolCalls, limits.maxToolCalls, 'calls'],
    ['usd', 'Cost', spent.usd, limits.maxUsd, 'usd'],
    ['time', 'Time', spent.seconds, limits.maxSeconds, 'seconds'],
  ];
  const gauges = rows.map(([key, label, used, limit, unit]): Gauge => {
    const lim = limit === undefined ? null : limit;
    const fraction = lim === null ? 0 : lim <= 0 ? 1 : Math.min(1, Math.max(0, used / lim));
    const remaining = lim === null ? 1 : lim <= 0 ? 0 : Math.max(0, (lim - used) / lim);
    return { key, label, used, limit: lim, fraction, tier: tierOf(remaining), unit };
  });
  return [...gauges.filter((g) => g.limit !== null), ...gauges.filter((g) => g.limit === null)];
}
