// The resources a run spends, and the limits a budget sets over them.
// Shared vocabulary of every layer (ledger, providers, agent loop, panel, CLI).

/** What has been spent (or is being reserved). All counts are non-negative. */
export interface Usage {
  inputTokens: number;
  /** Part of inputTokens served from the provider's prompt cache (priced lower). */
  cachedInputTokens: number;
  /** Completion tokens, reasoning tokens included (as OpenAI reports them). */
  outputTokens: number;
  /** Part of outputTokens spent thinking. */
  reasoningTokens: number;
  toolCalls: number;
  usd: number;
  seconds: number;
}

export const ZERO_USAGE: Readonly<Usage> = Object.freeze({
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  toolCalls: 0,
  usd: 0,
  seconds: 0,
});

export function addUsage(a: Usage, b: Partial<Usage>): Usage {
  return {
    inputTokens: a.inputTokens + (b.inputTokens ?? 0),
    cachedInputTokens: a.cachedInputTokens + (b.cachedInputTokens ?? 0),
    outputTokens: a.outputTokens + (b.outputTokens ?? 0),
    reasoningTokens: a.reasoningTokens + (b.reasoningTokens ?? 0),
    toolCalls: a.toolCalls + (b.toolCalls ?? 0),
    usd: a.usd + (b.usd ?? 0),
    seconds: a.seconds + (b.seconds ?? 0),
  };
}

/**
 * Limits of one budget. Absent = unlimited. `maxTokens` bounds input + output
 * tokens together; `maxThinkingTokens` bounds reasoning tokens.
 */
export interface BudgetLimits {
  maxTokens?: number;
  maxOutputTokens?: number;
  maxThinkingTokens?: number;
  maxToolCalls?: number;
  /** Per-tool caps, e.g. { run_command: 3 }. */
  maxToolCallsPerTool?: Record<string, number>;
  maxUsd?: number;
  maxSeconds?: number;
}

/** Why a run ended. `budget:*` names the cap that stopped it. */
export type StopReason =
  | 'answer'
  | 'budget:tool_calls'
  | 'budget:tokens'
  | 'budget:usd'
  | 'budget:time'
  | 'cancelled'
  | 'error';

/** BATS policy tier by remaining fraction of the tightest resource. */
export type Tier = 'HIGH' | 'MEDIUM' | 'LOW' | 'CRITICAL';
