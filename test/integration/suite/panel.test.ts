// The spend panel inside the extension host: its handlers driven with the
// messages the webview sends (the UI scenarios click the real buttons).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';
import type { RunFactory } from '../../../src/vscode/agentBridge';
import type { RunSummary } from '../../../src/core/agent/types';
import { ZERO_USAGE } from '../../../src/core/budget/usage';
import { PROTOCOL_VERSION } from '../../../src/core/protocol';

/** A run that charges twice and answers. */
function scriptedFactory(): RunFactory {
  return {
    prepare: async (settings) => ({ strategy: settings.strategy, provider: undefined as never, budget: undefined as never, tools: undefined as never }),
    runAgent: async (o): Promise<RunSummary> => {
      const runId = o.runId ?? 'r';
      const limits = { maxTokens: 1000, maxUsd: 0.01 };
      o.events.emit({ type: 'run_started', runId, ts: Date.now(), task: o.task, strategy: o.strategy, provider: 'fake', model: 'fake-model', limits });
      let spent = { ...ZERO_USAGE };
      for (const step of [1, 2]) {
        o.events.emit({ type: 'model_call', runId, ts: Date.now(), step, model: 'fake-model', maxOutputTokens: 100, inputTokens: 100, cachedInputTokens: 0, outputTokens: 50, reasoningTokens: 0, usd: 0.002, latencyMs: 5, estimated: false, finishReason: 'stop', purpose: 'act' });
        spent = { ...spent, inputTokens: spent.inputTokens + 100, outputTokens: spent.outputTokens + 50, usd: spent.usd + 0.002 };
        o.events.emit({ type: 'spend', runId, ts: Date.now(), spent, limits, fractionRemaining: 1 - spent.usd / 0.01, tier: 'MEDIUM' });
      }
      const summary: RunSummary = { runId, answer: 'done', stoppedBy: 'answer', spent, limits, steps: 2, strategy: o.strategy };
      o.events.emit({ type: 'run_finished', ts: Date.now(), ...summary });
      return summary;
    },
  };
}

describe('spend panel', () => {
  it('resolves when "Show Spend Panel" runs', async () => {
    const { api } = await activateExtension();
    await vscode.commands.executeCommand('budgetAgent.showPanel');
    await waitFor('the spend view to resolve', () => api.panel.isResolved);
    assert.equal(api.panel.isResolved, true);
  });

  it('the budget editor writes workspace settings (null = no limit) and refuses invalid values', async () => {
    const { api } = await activateExtension();
    const cfg = () => vscode.workspace.getConfiguration('budgetAgent', vscode.workspace.workspaceFolders?.[0]?.uri);
    const before = cfg().inspect('budget.maxToolCalls')?.workspaceValue;
    try {
      await api.panel.receive({ type: 'setBudget', key: 'maxToolCalls', value: 7 });
      assert.equal(cfg().inspect('budget.maxToolCalls')?.workspaceValue, 7);
      await waitFor('the new value to be read', () => api.config.read().settings['budget.maxToolCalls'] === 7);
      await api.panel.receive({ type: 'setBudget', key: 'maxToolCalls', value: null });
      assert.equal(cfg().inspect('budget.maxToolCalls')?.workspaceValue, null, 'no limit is an explicit null');
      await waitFor('no limit to be read', () => api.config.read().settings['budget.maxToolCalls'] === null);
      // 12.5 tool calls is refused before anything is written.
      await api.panel.receive({ type: 'setBudget', key: 'maxToolCalls', value: 12.5 });
      assert.equal(cfg().inspect('budget.maxToolCalls')?.workspaceValue, null);
      await api.panel.receive({ type: 'setBudget', key: 'dailyUsd', value: 3 });
      assert.equal(cfg().inspect('budget.dailyUsdCap')?.workspaceValue, 3, 'dailyUsd maps onto budget.dailyUsdCap');
    } finally {
      await cfg().update('budget.maxToolCalls', before, vscode.ConfigurationTarget.Workspace);
      await cfg().update('budget.dailyUsdCap', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a run started from the panel reaches it event by event and lands in the history', async () => {
    const { api } = await activateExtension();
    await api.ledger.reset();
    api.setRunFactory(() => scriptedFactory());
    try {
      await api.panel.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
      await api.panel.receive({ type: 'runTask', task: 'Summarise the notes', strategy: 'tracker', model: null });
      api.panel.flush();
      const s = api.panel.state;
      assert.equal(s.status, 'finished');
      assert.equal(s.run?.task, 'Summarise the notes');
      assert.equal(s.run?.strategy, 'tracker', 'the panel picked the strategy');
      assert.equal(s.run?.stoppedBy, 'answer');
      assert.equal(s.spent.inputTokens + s.spent.outputTokens, 300);
      assert.ok(Math.abs(s.spent.usd - 0.004) < 1e-12);
      assert.equal(s.modelCalls, 2);
      const history = await waitFor('the run in the history', async () => {
        const h = await api.ledger.history(api.config.read().settings);
        return h.runs.length ? h : undefined;
      });
      const [run] = history.runs;
      assert.equal(run?.task, 'Summarise the notes');
      assert.equal(run?.strategy, 'tracker');
      assert.equal(run?.model, 'fake-model');
      assert.equal(run?.stoppedBy, 'answer');
      assert.deepEqual(history.caps, { dailyUsd: 5, monthlyUsd: 50 });
    } finally {
      api.setRunFactory(undefined);
    }
  });

  it('an unknown model or strategy from the webview is refused, not run', async () => {
    const { api } = await activateExtension();
    let started = 0;
    api.setRunFactory(() => {
      started++;
      return scriptedFactory();
    });
    try {
      await api.panel.receive({ type: 'runTask', task: 'x', strategy: 'yolo', model: null });
      await api.panel.receive({ type: 'runTask', task: 'x', strategy: 'react', model: '/tmp/elsewhere' });
      // runFactory() is consulted once per attempt before the checks; no run started.
      assert.equal(api.runs.running, false);
      assert.ok(started <= 2);
      assert.notEqual(api.panel.state.run?.task, 'x');
    } finally {
      api.setRunFactory(undefined);
    }
  });
});
