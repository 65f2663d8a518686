import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';

describe('spend panel', () => {
  it('resolves when "Show Spend Panel" runs', async () => {
    const { api } = await activateExtension();
    await vscode.commands.executeCommand('budgetAgent.showPanel');
    await waitFor('the spend view to resolve', () => api.panel.isResolved);
    assert.equal(api.panel.isResolved, true);
  });
});
