// Plan-and-Budget's budget split (methods.md §2), pure and exported for tests
// and benchmarks. Index i runs over the N sub-questions from 0, so the first
// sub-question gets the largest schedule weight in every decaying schedule.
import type { BudgetSchedule } from './types';

export const BUDGET_SCHEDULES: readonly BudgetSchedule[] = ['constant', 'linear', 'polynomial', 'exponential', 'cosine'];

/** Default words by complexity level 1..5 (the paper's 200 … 600). */
export const DEFAULT_COMPLEXITY_BUDGETS = [200, 300, 400, 500, 600] as const;

/** schedule(i) for sub-question i (0-based) of n. */
export function scheduleWeight(schedule: BudgetSchedule, i: number, n: number): number {
  switch (schedule) {
    case 'constant':
      return 1;
    case 'linear':
      return n - i;
    case 'polynomial':
      return (n - i) ** 2;
    case 'exponential':
      return 0.9 ** i;
    case 'cosine':
      // With one sub-question the ratio i/(N−1) is taken as 0.
      return 0.5 * (1 + Math.cos((Math.PI * (n > 1 ? i / (n - 1) : 0)))) + 0.1;
  }
}

/** Total budget for a complexity level (clamped to 1..5) from a configurable table. */
export function totalBudgetFor(complexity: number, table: readonly number[] = DEFAULT_COMPLEXITY_BUDGETS): number {
  const level = Math.min(5, Math.max(1, Math.round(complexity)));
  return table[level - 1] ?? DEFAULT_COMPLEXITY_BUDGETS[level - 1]!;
}

/**
 * Credits as given when they are valid (n finite non-negative numbers, not all
 * zero), renormalized to sum to 100; equal credits otherwise.
 */
export function normalizeCredits(credits: readonly number[] | undefined, n: number): number[] {
  const valid = credits && credits.length === n && credits.every((c) => Number.isFinite(c) && c >= 0);
  const sum = valid ? credits.reduce((a, b) => a + b, 0) : 0;
  if (!valid || sum <= 0) return Array.from({ length: n }, () => 100 / n);
  return credits.map((c) => (c * 100) / sum);
}

/**
 * weight_i = credit_i × schedule(i), normalized; budget_i = floor(total × weight_i);
 * the remainder (fewer than N units) goes one unit each to the largest weights
 * (the earlier index on ties). The budgets sum to `total` exactly.
 */
export function allocateBudget(total: number, credits: readonly number[], schedule: BudgetSchedule): number[] {
  const n = credits.length;
  if (n === 0) return [];
  const raw = credits.map((c, i) => c * scheduleWeight(schedule, i, n));
  const sum = raw.reduce((a, b) => a + b, 0);
  const weights = sum > 0 ? raw.map((w) => w / sum) : raw.map(() => 1 / n);
  const budgets = weights.map((w) => Math.floor(total * w));
  let remainder = Math.round(total - budgets.reduce((a, b) => a + b, 0));
  const order = weights.map((w, i) => ({ w, i })).sort((a, b) => b.w - a.w || a.i - b.i);
  for (let k = 0; remainder > 0; k = (k + 1) % n, remainder--) budgets[order[k]!.i]! += 1;
  return budgets;
}

/** E³ = A² / T: accuracy squared over average tokens (higher is better). */
export function e3(accuracy: number, averageTokens: number): number {
  return averageTokens > 0 ? (accuracy * accuracy) / averageTokens : 0;
}
