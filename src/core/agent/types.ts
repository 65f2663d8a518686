// The contract of one agent run, shared by every caller: the CLI, the VS Code
// commands and chat participant, the evaluation harness and the benchmarks.
import type { BudgetGate } from '../budget/gate';
import type { BudgetLimits, StopReason, Usage } from '../budget/usage';
import type { EventStream } from '../events/emitter';
import type { ModelProvider } from '../models/types';
import type { ToolSet } from '../tools/types';

export type StrategyName = 'react' | 'tracker' | 'bats' | 'plan-and-budget';
export const STRATEGIES: readonly StrategyName[] = ['react', 'tracker', 'bats', 'plan-and-budget'];

/** Plan-and-Budget weight schedules over sub-question index (methods.md §2). */
export type BudgetSchedule = 'constant' | 'linear' | 'polynomial' | 'exponential' | 'cosine';

export interface RunOptions {
  task: string;
  /** 'auto' runs the difficulty router first (instant / reasoning / agentic). */
  strategy: StrategyName | 'auto';
  provider: ModelProvider;
  /** Per-run budget (may be chained to a shared workspace budget). */
  budget: BudgetGate;
  /** Tools the model may call; an empty list means a tool-less model (e.g. stories260K). */
  tools: ToolSet;
  events: EventStream;
  signal?: AbortSignal;
  runId?: string;
  /** Thinking budget per model call (tokens); mapped per provider. */
  thinkingBudgetTokens?: number;
  schedule?: BudgetSchedule;
  seed?: number;
  temperature?: number;
  /** Safety stop for loops with no cap set (default 100 steps). */
  maxSteps?: number;
  /** Wall-clock limit of one tool call (default 60 s). */
  toolTimeoutMs?: number;
  /** Upper bound on one tool result shown to the model (default 16 KiB; the budget may allow less). */
  maxToolOutputBytes?: number;
  /** Plan-and-Budget: total words by complexity level 1..5 (default 200, 300, 400, 500, 600). */
  complexityBudgets?: readonly [number, number, number, number, number];
  /** Router ('auto'): thinking budget per mode when the caller set none. */
  routeThinkingBudgets?: Partial<Record<RouteMode, number>>;
}

/** Difficulty classes of the router (A²FM): instant answer, reasoning, agentic tool use. */
export type RouteMode = 'instant' | 'reasoning' | 'agentic';

export interface RunSummary {
  runId: string;
  answer: string | null;
  stoppedBy: StopReason;
  error?: string;
  spent: Usage;
  limits: BudgetLimits;
  steps: number;
  strategy: string;
}
