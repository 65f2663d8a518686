// The typed event stream of a run. Everything a person or a program sees of a
// run flows through these: the side panel, the status bar, the CLI's
// `--events` JSONL, the OpenTelemetry exporter. Events are plain JSON data.
import type { BudgetLimits, StopReason, Tier, Usage } from '../budget/usage';

export type PlanStatus = 'open' | 'done' | 'failed' | 'partial';

/** One item of the BATS planning checklist: `[ ] [x] [!] [~]`. */
export interface PlanItem {
  id: string;
  text: string;
  status: PlanStatus;
  /** Spend attributed to this item so far. */
  spent: { tokens: number; toolCalls: number; usd: number };
  children?: PlanItem[];
}

export type VerifierDecision = 'SUCCESS' | 'CONTINUE' | 'PIVOT';

interface Base {
  runId: string;
  /** Epoch milliseconds. */
  ts: number;
}

export type AgentEvent =
  | (Base & { type: 'run_started'; task: string; strategy: string; provider: string; model: string; limits: BudgetLimits })
  | (Base & { type: 'step_started'; step: number })
  | (Base & {
      type: 'model_call';
      step: number;
      requestId?: string;
      model: string;
      /** What the clamp allowed for this request. */
      maxOutputTokens: number;
      inputTokens: number;
      cachedInputTokens: number;
      outputTokens: number;
      reasoningTokens: number;
      usd: number;
      latencyMs: number;
      estimated: boolean;
      finishReason: string;
      /** Why the call was made: 'act' | 'verify' | 'plan' | 'decompose' | 'rate' | 'answer' | 'synthesize' | 'route' | 'summarize' */
      purpose: string;
    })
  | (Base & { type: 'text_delta'; step: number; delta: string })
  | (Base & {
      type: 'tool_call';
      step: number;
      name: string;
      /** Short, single-line rendering of the arguments (truncated). */
      args: string;
      ok: boolean;
      resultBytes: number;
      truncated: boolean;
      error?: string;
      durationMs: number;
    })
  /** Totals after every charge: the source of truth for live gauges. */
  | (Base & { type: 'spend'; spent: Usage; limits: BudgetLimits; fractionRemaining: number; tier: Tier })
  | (Base & { type: 'tier_changed'; from: Tier; to: Tier; fractionRemaining: number; resource: string })
  | (Base & { type: 'plan_updated'; items: PlanItem[] })
  | (Base & { type: 'verifier'; decision: VerifierDecision; justification: string; candidate: string })
  | (Base & { type: 'pivot'; summary: string })
  | (Base & { type: 'answer_candidate'; answer: string; verified: boolean })
  | (Base & { type: 'budget_refused'; what: 'model_call' | 'tool_call'; stoppedBy: StopReason; detail: string })
  | (Base & { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string })
  | (Base & {
      type: 'run_finished';
      answer: string | null;
      stoppedBy: StopReason;
      error?: string;
      spent: Usage;
      limits: BudgetLimits;
      steps: number;
      strategy: string;
    });

export type AgentEventType = AgentEvent['type'];
export type EventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;
export type EventListener = (event: AgentEvent) => void;
