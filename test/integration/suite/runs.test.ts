import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';
import type { RunFactory } from '../../../src/vscode/agentBridge';
import type { RunSummary } from '../../../src/core/agent/types';
import type { AgentEvent } from '../../../src/core/events/types';
import { ZERO_USAGE } from '../../../src/core/budget/usage';

/** A run that spends a little and then waits to be stopped. */
function waitingFactory(): RunFactory {
  return {
    prepare: async () => ({ strategy: 'react', provider: undefined as never, budget: undefined as never, tools: undefined as never }),
    runAgent: async (o): Promise<RunSummary> => {
      const runId = o.runId ?? 'r';
      const limits = { maxTokens: 1000, maxUsd: 1 };
      o.events.emit({ type: 'run_started', runId, ts: Date.now(), task: o.task, strategy: 'react', provider: 'fake', model: 'fake', limits });
      const spent = { ...ZERO_USAGE, inputTokens: 10, outputTokens: 5, usd: 0.001 };
      o.events.emit({ type: 'spend', runId, ts: Date.now(), spent, limits, fractionRemaining: 0.985, tier: 'HIGH' });
      await new Promise<void>((resolve) => {
        if (o.signal?.aborted) resolve();
        o.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      const summary: RunSummary = { runId, answer: 'partial', stoppedBy: 'cancelled', spent, limits, steps: 1, strategy: 'react' };
      o.events.emit({ type: 'run_finished', ts: Date.now(), ...summary });
      return summary;
    },
  };
}

describe('runs', () => {
  it('Run Task… without an agent loop says so and does not crash', async () => {
    const { api } = await activateExtension();
    api.setRunFactory(() => undefined);
    try {
      const result = await vscode.commands.executeCommand('budgetAgent.runTask', 'say hi');
      assert.equal(result, undefined);
      assert.equal(api.runs.running, false);
    } finally {
      api.setRunFactory(undefined);
    }
  });

  it('Run Task… runs under progress and Stop Run cancels it', async () => {
    const { api } = await activateExtension();
    const seen: AgentEvent[] = [];
    const sub = api.runs.onEvent((e) => seen.push(e));
    api.setRunFactory(() => waitingFactory());
    try {
      const pending = vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', 'count to three');
      await waitFor('the run to start', () => api.runs.running && seen.some((e) => e.type === 'spend'));
      await vscode.commands.executeCommand('budgetAgent.stopRun');
      const summary = await pending;
      assert.equal(summary?.stoppedBy, 'cancelled');
      assert.equal(api.runs.running, false);
      assert.deepEqual(seen.map((e) => e.type), ['run_started', 'spend', 'run_finished']);
    } finally {
      sub.dispose();
      api.setRunFactory(undefined);
    }
  });
});

describe('workspace ledger', () => {
  it('persists charges of the core SpendStore, sums today\'s spend and resets', async () => {
    const { api } = await activateExtension();
    await api.ledger.reset();
    const store = await api.ledger.open();
    const charge = { runId: 'r1', step: 1, model: 'gpt-5-mini', inputTokens: 100, cachedInputTokens: 0, outputTokens: 20, reasoningTokens: 0, toolCalls: 0, estimated: false };
    store.append({ ...charge, ts: Date.now(), usd: 0.25 });
    store.append({ ...charge, ts: Date.now() - 3 * 86_400_000, usd: 5 });
    store.append({ ...charge, ts: Date.now(), usd: 0.5 });
    await store.flush();
    assert.equal(await api.ledger.todayUsd(), 0.75);
    assert.equal(await api.ledger.hasEntries(), true);
    const target = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'export.csv');
    assert.equal(await api.ledger.exportTo(target, 'csv'), 3);
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(csv, /^kind,time,day,runId/);
    await api.ledger.reset();
    assert.equal(await api.ledger.todayUsd(), 0);
    assert.equal(await api.ledger.hasEntries(), false);
  });
});
