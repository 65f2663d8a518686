// runAgent: one run from start to summary. Routes when asked, runs the
// strategy, and turns every ending — answer, a cap, cancellation, an error —
// into a RunSummary that carries the best answer held at that moment.
import type { StopReason } from '../budget/usage';
import { RunContext, RunStopped } from './context';
import { routeTask } from './router';
import { batsStrategy } from './strategies/bats';
import { planAndBudgetStrategy } from './strategies/plan-and-budget';
import { reactStrategy, trackerStrategy } from './strategies/react';
import type { RunOptions, RunSummary, StrategyName } from './types';

export type Strategy = (ctx: RunContext) => Promise<StopReason>;

export const STRATEGY_IMPLEMENTATIONS: Record<StrategyName, Strategy> = {
  react: reactStrategy,
  tracker: trackerStrategy,
  bats: batsStrategy,
  'plan-and-budget': planAndBudgetStrategy,
};

export async function runAgent(options: RunOptions): Promise<RunSummary> {
  const ctx = new RunContext(options);
  ctx.emit({
    type: 'run_started',
    task: options.task,
    strategy: options.strategy,
    provider: options.provider.kind,
    model: options.provider.model,
    limits: options.budget.limits,
  });
  let stoppedBy: StopReason;
  let error: string | undefined;
  try {
    if (options.strategy === 'auto') {
      const route = await routeTask(ctx);
      ctx.strategy = route.strategy;
      ctx.thinkingBudgetTokens = route.thinkingBudgetTokens;
    }
    const strategy = STRATEGY_IMPLEMENTATIONS[ctx.strategy as StrategyName];
    if (!strategy) throw new Error(`unknown strategy "${String(ctx.strategy)}"`);
    stoppedBy = await strategy(ctx);
  } catch (err) {
    if (err instanceof RunStopped) {
      stoppedBy = err.stoppedBy;
      if (stoppedBy === 'error') error = err.message;
    } else if (options.signal?.aborted) {
      stoppedBy = 'cancelled';
    } else {
      stoppedBy = 'error';
      error = err instanceof Error ? err.message : String(err);
    }
  }
  const summary: RunSummary = {
    runId: ctx.runId,
    answer: ctx.bestAnswer(),
    stoppedBy,
    ...(error !== undefined ? { error } : {}),
    spent: options.budget.spent(),
    limits: options.budget.limits,
    steps: ctx.step,
    strategy: ctx.strategy,
  };
  ctx.emit({
    type: 'run_finished',
    answer: summary.answer,
    stoppedBy,
    error,
    spent: summary.spent,
    limits: summary.limits,
    steps: summary.steps,
    strategy: summary.strategy,
  });
  ctx.dispose();
  return summary;
}
