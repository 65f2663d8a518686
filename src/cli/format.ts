// How the CLI prints a run's end: the contract's JSON summary, or a one-line
// human summary for stderr.
import type { RunSummary } from '../core/agent/types';
import type { StopReason } from '../core/budget/usage';

export type CliSummary = Omit<RunSummary, 'runId'>;

/** The summary object exactly as the contract names its keys. */
export function contractSummary(summary: CliSummary): Record<string, unknown> {
  return {
    answer: summary.answer,
    stoppedBy: summary.stoppedBy,
    ...(summary.error !== undefined ? { error: summary.error } : {}),
    spent: {
      inputTokens: summary.spent.inputTokens,
      cachedInputTokens: summary.spent.cachedInputTokens,
      outputTokens: summary.spent.outputTokens,
      reasoningTokens: summary.spent.reasoningTokens,
      toolCalls: summary.spent.toolCalls,
      usd: summary.spent.usd,
      seconds: summary.spent.seconds,
    },
    limits: summary.limits,
    steps: summary.steps,
    strategy: summary.strategy,
  };
}

export function exitCodeFor(stoppedBy: StopReason): number {
  if (stoppedBy === 'answer') return 0;
  if (stoppedBy.startsWith('budget:')) return 3;
  return 1;
}

const n = (x: number) => x.toLocaleString('en-US');

export function humanSummary(summary: CliSummary): string {
  const s = summary.spent;
  const parts = [
    `stopped by ${summary.stoppedBy}`,
    `${summary.strategy}, ${summary.steps} step(s)`,
    `${n(s.inputTokens)} in / ${n(s.outputTokens)} out tokens${s.reasoningTokens ? ` (${n(s.reasoningTokens)} thinking)` : ''}`,
    `${s.toolCalls} tool call(s)`,
    `$${s.usd.toFixed(4)}`,
    `${s.seconds.toFixed(1)} s`,
  ];
  return `[budget-agent] ${parts.join(' · ')}${summary.error ? `\n[budget-agent] error: ${summary.error}` : ''}\n`;
}
