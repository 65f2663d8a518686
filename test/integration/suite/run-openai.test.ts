// End to end inside the extension host: Run Task… with the production run
// factory (settings → OpenAI provider → RunBudget under the workspace caps →
// runAgent) against a scripted OpenAI-compatible server; the charge lands in
// the workspace ledger and the answer comes back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, setWorkspaceSettings } from './helpers';
import { startFakeOpenAI, streamReply, type FakeOpenAIServer } from '../../helpers/fake-openai-server';
import type { RunSummary } from '../../../src/core/agent/types';
import type { AgentEvent } from '../../../src/core/events/types';

describe('Run Task… end to end (fake OpenAI server)', () => {
  let server: FakeOpenAIServer;
  let restore: (() => Promise<void>) | undefined;

  before(async () => {
    server = await startFakeOpenAI(() => streamReply({ text: ['The retry delay ', 'doubles up to 30 seconds.'] }), { models: ['gpt-4o-mini', 'gpt-5-mini'] });
    restore = await setWorkspaceSettings({ provider: 'openai', 'openai.baseUrl': server.baseUrl, model: 'gpt-4o-mini', strategy: 'react', 'budget.maxToolCalls': 0 });
  });

  after(async () => {
    await restore?.();
    await server?.close();
  });

  it('runs the agent within the workspace budget and records the spend', async () => {
    const { api } = await activateExtension();
    await api.ledger.reset();
    const events: AgentEvent[] = [];
    const sub = api.runs.onEvent((e) => events.push(e));
    try {
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', 'How does the retry delay grow?');
      assert.ok(summary, 'a summary');
      assert.equal(summary.stoppedBy, 'answer', summary.error);
      assert.match(summary.answer ?? '', /doubles up to 30 seconds/);
      assert.ok(summary.spent.inputTokens > 0 && summary.spent.outputTokens > 0);
      assert.ok(summary.spent.usd > 0, 'gpt-4o-mini is priced');
      assert.ok(summary.spent.inputTokens + summary.spent.outputTokens <= 12345, 'within the fixture maxTokens');
      assert.equal(summary.limits.maxTokens, 12345);
      assert.ok(server.chatRequests.length >= 1);
      const sentMax = server.chatRequests.map((r) => Number(r.body.max_tokens ?? r.body.max_completion_tokens));
      assert.ok(sentMax.every((m) => m > 0 && m <= 12345), `clamped max tokens ${sentMax.join(',')}`);
      assert.ok(events.some((e) => e.type === 'spend') && events.at(-1)?.type === 'run_finished');
      const store = await api.ledger.open();
      await store.flush();
      assert.ok(Math.abs((await api.ledger.todayUsd()) - summary.spent.usd) < 1e-9, 'ledger today = run spend');
    } finally {
      sub.dispose();
    }
  });
});
