import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, setWorkspaceSettings, waitFor } from './helpers';
import { parseSettings, runLimits } from '../../../src/vscode/settings';
import { parseBudgetInput, validateBudgetInput } from '../../../src/vscode/commands';

describe('configuration', () => {
  it('reads workspace-scoped settings from the fixture through the typed reader', async () => {
    const { api } = await activateExtension();
    const cfg = vscode.workspace.getConfiguration('budgetAgent', vscode.workspace.workspaceFolders?.[0]?.uri);
    assert.equal(cfg.inspect('budget.maxTokens')?.workspaceValue, 12345, 'fixture .vscode/settings.json is the workspace');
    const { settings, problems } = api.config.read();
    assert.deepEqual(problems, []);
    assert.equal(settings['budget.maxTokens'], 12345);
    assert.equal(settings['budget.maxUsd'], 0.25);
    assert.equal(settings.strategy, 'bats');
    assert.equal(settings['budget.maxToolCalls'], 30, 'unset settings take the manifest default');
    assert.equal(settings['local.intraOpThreads'], 1);
  });

  it('falls back to defaults with a warning for broken settings', async () => {
    const { api } = await activateExtension();
    const restore = await setWorkspaceSettings({ 'budget.maxToolCalls': 'lots', 'budget.maxSeconds': -5, strategy: 'yolo' });
    try {
      const { settings, problems } = await waitFor('broken settings to be visible', () => {
        const parsed = api.config.read();
        return parsed.problems.length >= 3 ? parsed : undefined;
      });
      assert.equal(settings['budget.maxToolCalls'], 30);
      assert.equal(settings['budget.maxSeconds'], 300);
      assert.equal(settings.strategy, 'auto');
      assert.equal(settings['budget.maxTokens'], 12345, 'valid settings are kept');
      assert.deepEqual(problems.map((p) => p.setting).sort(), ['budgetAgent.budget.maxSeconds', 'budgetAgent.budget.maxToolCalls', 'budgetAgent.strategy']);
      assert.match(problems.find((p) => p.setting === 'budgetAgent.budget.maxSeconds')!.message, /-5 is invalid.*using the default 300/);
    } finally {
      await restore();
    }
    assert.deepEqual(api.config.read().problems, []);
  });

  it('null in the workspace settings means no limit (written and read back through VS Code)', async () => {
    const { api } = await activateExtension();
    const restore = await setWorkspaceSettings({ 'budget.maxUsd': null, 'budget.maxOutputTokens': 2000 });
    try {
      const cfg = vscode.workspace.getConfiguration('budgetAgent', vscode.workspace.workspaceFolders?.[0]?.uri);
      assert.equal(cfg.inspect('budget.maxUsd')?.workspaceValue, null, 'VS Code keeps an explicit null');
      const { settings, problems } = await waitFor('the null to be read', () => {
        const parsed = api.config.read();
        return parsed.settings['budget.maxUsd'] === null ? parsed : undefined;
      });
      assert.deepEqual(problems, []);
      assert.equal(settings['budget.maxOutputTokens'], 2000);
      const limits = runLimits(settings);
      assert.equal('maxUsd' in limits, false, 'no money cap');
      assert.equal(limits.maxOutputTokens, 2000);
      assert.equal(limits.maxTokens, 12345);
    } finally {
      await restore();
    }
    assert.equal(api.config.read().settings['budget.maxUsd'], 0.25, 'restored');
  });

  it('validates every setting on its own (pure parser)', () => {
    const raw: Record<string, unknown> = { 'budget.maxUsd': 'cheap', 'pricing.overrides': { models: { m: { input: -1 } } }, 'openai.baseUrl': 'ftp://x', provider: 'openai' };
    const { settings, problems } = parseSettings((k) => raw[k]);
    assert.equal(settings['budget.maxUsd'], 0.5);
    assert.deepEqual(settings['pricing.overrides'], {});
    assert.equal(settings['openai.baseUrl'], 'https://api.openai.com/v1');
    assert.equal(settings.provider, 'openai');
    assert.equal(problems.length, 3);
  });

  it('validates budget input for Set Workspace Budget…', () => {
    assert.equal(validateBudgetInput('budget.maxUsd', '2.5'), undefined);
    assert.equal(validateBudgetInput('budget.maxUsd', ''), undefined);
    assert.match(validateBudgetInput('budget.maxUsd', 'abc') ?? '', /number/);
    assert.match(validateBudgetInput('budget.maxToolCalls', '1.5') ?? '', /whole number/);
    assert.match(validateBudgetInput('budget.maxSeconds', '0') ?? '', /at least 1/);
    assert.equal(validateBudgetInput('budget.maxSeconds', 'default'), undefined, '"default" removes the workspace value');
    assert.equal(parseBudgetInput('budget.maxUsd', ''), null, 'empty = no limit');
    assert.equal(parseBudgetInput('budget.maxUsd', 'default'), undefined);
    assert.equal(parseBudgetInput('budget.maxTokens', '50k'), 50_000);
  });
});
