// The figures of the report (methods.md §1, §2, §4):
//   unified cost   C = c_tokens + Σ_i c_i·P_i   (tokens at the model's price + tool calls at P_i)
//   cost of pass   total cost / correct answers  (null = ∞ when none is correct)
//   E³             A² / T                        (accuracy squared over mean tokens per run)
//   cap overshoot  max over runs of (spent − limit), per limited resource; must be 0
import type { ModelPrice } from '../core/budget/pricing';
import type { BudgetLimits, StopReason, Usage } from '../core/budget/usage';
import type { RunRecord } from './results';

export interface CostModel {
  /** Token prices in USD per 1M tokens; undefined = unpriced (tokens count $0). */
  price?: ModelPrice;
  /** P_i: USD per tool call (BATS: $0.001). */
  toolCallUsd: number;
}

export function tokensOf(spent: Pick<Usage, 'inputTokens' | 'outputTokens'>): number {
  return spent.inputTokens + spent.outputTokens;
}

export function tokenCost(spent: Pick<Usage, 'inputTokens' | 'cachedInputTokens' | 'outputTokens'>, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const cached = Math.min(spent.cachedInputTokens, spent.inputTokens);
  return ((spent.inputTokens - cached) * price.input + cached * price.cachedInput + spent.outputTokens * price.output) / 1_000_000;
}

/** BATS unified cost of one run. */
export function unifiedCost(spent: Usage, model: CostModel): number {
  return tokenCost(spent, model.price) + spent.toolCalls * model.toolCallUsd;
}

/** Cost per correct answer; null (∞) when nothing was correct. */
export function costOfPass(totalCost: number, correct: number): number | null {
  return correct > 0 ? totalCost / correct : null;
}

/** E³ = A² / T; 0 when no tokens were spent (nothing to rank). */
export function e3(accuracy: number, meanTokens: number): number {
  return meanTokens > 0 ? (accuracy * accuracy) / meanTokens : 0;
}

export interface Overshoot {
  toolCalls: number;
  tokens: number;
  outputTokens: number;
  reasoningTokens: number;
  usd: number;
  seconds: number;
}

const ZERO_OVERSHOOT: Overshoot = { toolCalls: 0, tokens: 0, outputTokens: 0, reasoningTokens: 0, usd: 0, seconds: 0 };

/** Signed spent − limit per limited resource of one run (absent limits: −∞ → omitted as 0 by maxOvershoot). */
export function overshootOf(spent: Usage, limits: BudgetLimits): Partial<Overshoot> {
  const out: Partial<Overshoot> = {};
  if (limits.maxToolCalls !== undefined) out.toolCalls = spent.toolCalls - limits.maxToolCalls;
  if (limits.maxTokens !== undefined) out.tokens = tokensOf(spent) - limits.maxTokens;
  if (limits.maxOutputTokens !== undefined) out.outputTokens = spent.outputTokens - limits.maxOutputTokens;
  if (limits.maxThinkingTokens !== undefined) out.reasoningTokens = spent.reasoningTokens - limits.maxThinkingTokens;
  if (limits.maxUsd !== undefined) out.usd = spent.usd - limits.maxUsd;
  if (limits.maxSeconds !== undefined) out.seconds = spent.seconds - limits.maxSeconds;
  return out;
}

/** Max over runs of max(0, spent − limit), per resource; `max` is the largest of them. */
export function maxOvershoot(runs: readonly Pick<RunRecord, 'spent' | 'limits'>[]): Overshoot & { max: number } {
  const out: Overshoot = { ...ZERO_OVERSHOOT };
  for (const run of runs) {
    for (const [k, v] of Object.entries(overshootOf(run.spent, run.limits)) as [keyof Overshoot, number][]) {
      // USD is a float sum: ignore sub-nano-dollar noise.
      const value = k === 'usd' && v < 1e-9 ? 0 : v;
      if (value > out[k]) out[k] = value;
    }
  }
  // Seconds: the wall-time cap is checked between steps, so it is reported but not part of the hard-cap verdict.
  return { ...out, max: Math.max(out.toolCalls, out.tokens, out.outputTokens, out.reasoningTokens, out.usd) };
}

export interface CellStats {
  strategy: string;
  budget: string;
  runs: number;
  correct: number;
  accuracy: number;
  totalCostUsd: number;
  meanCostUsd: number;
  /** Cost per correct answer; null = ∞ (none correct). */
  costOfPassUsd: number | null;
  meanTokens: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  meanToolCalls: number;
  meanModelCalls: number;
  e3: number;
  /** Max over runs and hard-capped resources of spent − limit (0 when every cap held). */
  capOvershoot: number;
  overshoot: Overshoot;
  /** Runs that ended in an error (network, server, …); counted as incorrect. */
  errors: number;
  stoppedBy: Partial<Record<StopReason, number>>;
  meanWallMs: number;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Figures of one strategy × budget cell over its runs. */
export function cellStats(strategy: string, budget: string, runs: readonly RunRecord[], cost: CostModel): CellStats {
  const costs = runs.map((r) => unifiedCost(r.spent, cost));
  const correct = runs.filter((r) => r.correct).length;
  const accuracy = runs.length === 0 ? 0 : correct / runs.length;
  const totalCostUsd = costs.reduce((a, b) => a + b, 0);
  const meanTokens = mean(runs.map((r) => tokensOf(r.spent)));
  const { max, ...overshoot } = maxOvershoot(runs);
  const stoppedBy: Partial<Record<StopReason, number>> = {};
  for (const r of runs) stoppedBy[r.stoppedBy] = (stoppedBy[r.stoppedBy] ?? 0) + 1;
  return {
    strategy,
    budget,
    runs: runs.length,
    correct,
    accuracy,
    totalCostUsd,
    meanCostUsd: mean(costs),
    costOfPassUsd: costOfPass(totalCostUsd, correct),
    meanTokens,
    meanInputTokens: mean(runs.map((r) => r.spent.inputTokens)),
    meanOutputTokens: mean(runs.map((r) => r.spent.outputTokens)),
    meanToolCalls: mean(runs.map((r) => r.spent.toolCalls)),
    meanModelCalls: mean(runs.map((r) => r.modelCalls)),
    e3: e3(accuracy, meanTokens),
    capOvershoot: max,
    overshoot,
    errors: runs.filter((r) => r.stoppedBy === 'error').length,
    stoppedBy,
    meanWallMs: mean(runs.map((r) => r.wallMs)),
  };
}
