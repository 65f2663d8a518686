// Budget limits and what is left of them, as flat span attributes
// (`budget_agent.budget.limit.usd`, `budget_agent.budget.remaining.usd`, …):
// OTLP attributes cannot nest, and flat names are what dashboards filter on.
import type { Attributes } from '@opentelemetry/api';
import type { BudgetLimits, Usage } from '../budget/usage';
import { BA_LIMIT_PREFIX, BA_REMAINING_PREFIX } from './attributes';

type ScalarLimit = Exclude<keyof BudgetLimits, 'maxToolCallsPerTool'>;

/** Each scalar limit, its attribute suffix, and how to read the matching spend. */
const RESOURCES: ReadonlyArray<[ScalarLimit, string, (u: Usage) => number]> = [
  ['maxUsd', 'usd', (u) => u.usd],
  ['maxTokens', 'tokens', (u) => u.inputTokens + u.outputTokens],
  ['maxOutputTokens', 'output_tokens', (u) => u.outputTokens],
  ['maxThinkingTokens', 'thinking_tokens', (u) => u.reasoningTokens],
  ['maxToolCalls', 'tool_calls', (u) => u.toolCalls],
  ['maxSeconds', 'seconds', (u) => u.seconds],
];

export function budgetAttributes(limits: BudgetLimits, spent?: Usage): Attributes {
  const out: Attributes = {};
  for (const [key, suffix, read] of RESOURCES) {
    const limit = limits[key];
    if (limit === undefined || !Number.isFinite(limit)) continue;
    out[BA_LIMIT_PREFIX + suffix] = limit;
    if (spent) out[BA_REMAINING_PREFIX + suffix] = Math.max(0, limit - read(spent));
  }
  return out;
}
