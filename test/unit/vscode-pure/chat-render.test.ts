// What @budget says about a run: progress lines, the closing spend line, the task.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSummary } from '../../../src/core/agent/types';
import type { AgentEvent } from '../../../src/core/events/types';
import { describeLimits, progressFor, spendLine, taskFrom } from '../../../src/vscode/chat/render';

const base = { runId: 'r', ts: 0 };
const zero = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, toolCalls: 0, usd: 0, seconds: 0 };

test('progress: model calls, tool calls, low tiers, verifier, budget stops; quiet events say nothing', () => {
  const model: AgentEvent = { ...base, type: 'model_call', step: 2, model: 'm', maxOutputTokens: 100, inputTokens: 1234, cachedInputTokens: 0, outputTokens: 56, reasoningTokens: 0, usd: 0.00123, latencyMs: 5, estimated: false, finishReason: 'stop', purpose: 'act' };
  assert.equal(progressFor(model), 'Step 2: model call (act) — 1,234 in / 56 out tokens, $0.0012');
  const tool: AgentEvent = { ...base, type: 'tool_call', step: 3, name: 'read_file', args: '{"path":\n"a.ts"}', ok: true, resultBytes: 2048, truncated: true, durationMs: 3 };
  assert.equal(progressFor(tool), 'Step 3: read_file({"path": "a.ts"}) — 2,048 bytes, truncated');
  assert.match(progressFor({ ...tool, ok: false, error: 'File "x" does not exist.' }) ?? '', /error: File "x" does not exist\./);
  assert.equal(progressFor({ ...base, type: 'tier_changed', from: 'HIGH', to: 'LOW', fractionRemaining: 0.2, resource: 'tokens' }), 'Budget LOW: 20% of tokens left');
  assert.equal(progressFor({ ...base, type: 'tier_changed', from: 'HIGH', to: 'MEDIUM', fractionRemaining: 0.6, resource: 'tokens' }), undefined);
  assert.equal(progressFor({ ...base, type: 'verifier', decision: 'PIVOT', justification: 'j', candidate: 'c' }), 'Verifier: PIVOT');
  assert.match(progressFor({ ...base, type: 'budget_refused', what: 'model_call', stoppedBy: 'budget:usd', detail: 'd' }) ?? '', /budget:usd/);
  assert.equal(progressFor({ ...base, type: 'text_delta', step: 1, delta: 'x' }), undefined);
  assert.equal(progressFor({ ...base, type: 'spend', spent: zero, limits: {}, fractionRemaining: 1, tier: 'HIGH' }), undefined);
});

test('spend line: spent against limits and why the run stopped', () => {
  const summary: RunSummary = {
    runId: 'r',
    answer: 'a',
    stoppedBy: 'answer',
    spent: { ...zero, inputTokens: 1000, outputTokens: 234, toolCalls: 2, usd: 0.0012 },
    limits: { maxUsd: 0.25, maxTokens: 12345, maxToolCalls: 30 },
    steps: 3,
    strategy: 'react',
  };
  assert.equal(spendLine(summary), 'Spent $0.0012 of $0.2500, 1,234 of 12,345 tokens, 2 of 30 tool calls in 3 steps (react); finished.');
  assert.match(spendLine({ ...summary, stoppedBy: 'budget:tokens', limits: {} }), /^Spent \$0\.0012, 1,234 tokens, 2 tool calls .*stopped by budget:tokens\.$/);
  assert.match(spendLine({ ...summary, stoppedBy: 'cancelled', steps: 1 }), /in 1 step \(react\); cancelled\.$/);
  assert.match(spendLine({ ...summary, stoppedBy: 'error', error: 'HTTP 500\nbody' }), /stopped by an error: HTTP 500 body\.$/);
  assert.equal(describeLimits({}), 'no caps');
});

test('task: the prompt, plus referenced workspace files named for the agent', () => {
  assert.equal(taskFrom('  explain the retry  ', []), 'explain the retry');
  assert.equal(taskFrom('', []), '');
  assert.equal(taskFrom('explain', ['src/a.ts', 'b c.md']), 'explain\n\nFiles the user referenced (read them with your tools): "src/a.ts", "b c.md"');
});
