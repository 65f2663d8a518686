// What the @budget chat participant says about a run, as plain strings. Pure
// (no `vscode`): the handler feeds these to stream.progress / stream.markdown.
import type { RunSummary } from '../../core/agent/types';
import type { BudgetLimits } from '../../core/budget/usage';
import type { AgentEvent } from '../../core/events/types';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const usd = (x: number) => `$${x.toFixed(4)}`;

/** A one-line progress message for the events worth showing live, else undefined. */
export function progressFor(e: AgentEvent): string | undefined {
  switch (e.type) {
    case 'run_started':
      return `Running (${e.strategy}, ${e.provider}/${e.model}) within ${describeLimits(e.limits)}…`;
    case 'model_call':
      return `Step ${e.step}: model call (${e.purpose}) — ${n(e.inputTokens)} in / ${n(e.outputTokens)} out tokens, ${usd(e.usd)}`;
    case 'tool_call':
      return `Step ${e.step}: ${e.name}(${oneLine(e.args, 80)}) — ${e.ok ? `${n(e.resultBytes)} bytes${e.truncated ? ', truncated' : ''}` : `error${e.error ? `: ${oneLine(e.error, 80)}` : ''}`}`;
    case 'tier_changed':
      return e.to === 'LOW' || e.to === 'CRITICAL' ? `Budget ${e.to}: ${Math.round(e.fractionRemaining * 100)}% of ${e.resource} left` : undefined;
    case 'verifier':
      return `Verifier: ${e.decision}`;
    case 'pivot':
      return 'Pivot: starting a new line of attack from a summary';
    case 'budget_refused':
      return `Budget stop: ${e.stoppedBy} (${e.what} refused)`;
    default:
      return undefined;
  }
}

export function describeLimits(l: BudgetLimits): string {
  const parts: string[] = [];
  if (l.maxUsd !== undefined) parts.push(usd(l.maxUsd));
  if (l.maxTokens !== undefined) parts.push(`${n(l.maxTokens)} tokens`);
  if (l.maxToolCalls !== undefined) parts.push(`${n(l.maxToolCalls)} tool calls`);
  if (l.maxSeconds !== undefined) parts.push(`${n(l.maxSeconds)} s`);
  return parts.length ? parts.join(', ') : 'no caps';
}

/** The closing line: what the run spent against what it was allowed, and why it stopped. */
export function spendLine(s: RunSummary): string {
  const tokens = s.spent.inputTokens + s.spent.outputTokens;
  const how =
    s.stoppedBy === 'answer' ? 'finished' : s.stoppedBy === 'cancelled' ? 'cancelled' : s.stoppedBy === 'error' ? `stopped by an error${s.error ? `: ${oneLine(s.error, 200)}` : ''}` : `stopped by ${s.stoppedBy}`;
  const of = (spent: string, limit: number | undefined, fmt: (x: number) => string) => (limit === undefined ? spent : `${spent} of ${fmt(limit)}`);
  return (
    `Spent ${of(usd(s.spent.usd), s.limits.maxUsd, usd)}, ${of(n(tokens), s.limits.maxTokens, n)} tokens` +
    `, ${of(n(s.spent.toolCalls), s.limits.maxToolCalls, n)} tool calls in ${n(s.steps)} step${s.steps === 1 ? '' : 's'} (${s.strategy}); ${how}.`
  );
}

/**
 * The task for the agent: the prompt, plus the workspace files the user
 * attached (#file references) named so the agent can read them with its tools.
 */
export function taskFrom(prompt: string, referencedFiles: readonly string[]): string {
  const task = prompt.trim();
  if (!referencedFiles.length) return task;
  return `${task}\n\nFiles the user referenced (read them with your tools): ${referencedFiles.map((f) => JSON.stringify(f)).join(', ')}`;
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
