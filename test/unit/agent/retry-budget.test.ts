// Retries inside the hard cap: every retry of a failed model call must first
// re-reserve the same worst case (prompt + max output). A server that keeps
// failing cannot push the run past its token cap through retries; the run
// stops on the cap, and every failed attempt is charged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAgent } from '../../../src/core/agent';
import { RunBudget } from '../../../src/core/budget';
import { EventStream } from '../../../src/core/events/emitter';
import type { AgentEvent } from '../../../src/core/events/types';
import { OpenAIProvider } from '../../../src/core/models/openai';
import { emptyToolSet } from '../../../src/core/tools';
import { errorReply, startFakeOpenAI } from '../../helpers/fake-openai-server';

test('a server that always fails: retries stop at the token cap, the cap holds, every attempt is charged', async () => {
  const server = await startFakeOpenAI(() => errorReply(503));
  try {
    const events = new EventStream();
    const seen: AgentEvent[] = [];
    events.on((e) => seen.push(e));
    const provider = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'k', model: 'gpt-4o', maxAttempts: 6, retryBaseDelayMs: 1, random: () => 0 });
    const budget = new RunBudget({ runId: 'r', limits: { maxTokens: 1500 }, provider: 'openai', model: 'gpt-4o', events });
    const summary = await runAgent({
      task: `Summarize: ${'word '.repeat(500)}`,
      strategy: 'react',
      provider,
      budget,
      tools: emptyToolSet(),
      events,
    });
    assert.equal(summary.stoppedBy, 'budget:tokens', summary.error);
    assert.ok(server.chatRequests.length >= 1 && server.chatRequests.length < 6, `retries stopped early (${server.chatRequests.length} requests)`);
    const spent = summary.spent.inputTokens + summary.spent.outputTokens;
    assert.ok(spent <= 1500, `spent ${spent} tokens under a 1500 cap`);
    // Every request the server saw was charged (failed attempts cost their input estimate).
    const modelCalls = seen.filter((e) => e.type === 'model_call');
    assert.equal(modelCalls.length, 1);
    assert.ok(seen.some((e) => e.type === 'budget_refused' && e.stoppedBy === 'budget:tokens'));
    assert.ok(spent > 0, 'the failed attempts were charged');
  } finally {
    await server.close();
  }
});
