// The README's main job inside the real extension host: Run Task… on the
// embedded local model (ONNX stories260K), free, within the workspace budget.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, setWorkspaceSettings } from './helpers';
import type { RunSummary } from '../../../src/core/agent/types';

describe('Run Task… on the local ONNX model', () => {
  let modelPath = '';
  let restore: (() => Promise<void>) | undefined;

  before(async function () {
    const { ext } = await activateExtension();
    modelPath = path.resolve(ext.extensionPath, '..', 'shared', 'models', 'stories260K');
    if (!fs.existsSync(path.join(modelPath, 'tokenizer.json'))) this.skip();
    restore = await setWorkspaceSettings({ provider: 'onnx', 'local.modelPath': modelPath, strategy: 'react', 'budget.maxTokens': 400 });
  });

  after(async () => {
    await restore?.();
  });

  it('tells a story within 400 tokens and spends no money', async function () {
    this.timeout(60_000);
    const { api } = await activateExtension();
    const summary = await vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', 'Once upon a time');
    assert.ok(summary, 'a summary');
    assert.notEqual(summary.stoppedBy, 'error', summary.error);
    assert.ok((summary.answer ?? '').length > 0, 'a story');
    assert.equal(summary.spent.usd, 0);
    assert.ok(summary.spent.outputTokens > 0);
    assert.ok(summary.spent.inputTokens + summary.spent.outputTokens <= 400, `within maxTokens: ${JSON.stringify(summary.spent)}`);
    assert.equal(api.runs.running, false);
  });
});
