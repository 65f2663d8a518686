import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

interface Manifest {
  contributes: { commands: Array<{ command: string; title: string; category: string }>; views: Record<string, Array<{ id: string }>> };
  activationEvents: string[];
}

describe('extension', () => {
  it('activates and returns its test API', async () => {
    const { ext, api } = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.ok(api.config && api.runs && api.panel && api.ledger);
  });

  it('registers every command contributed in package.json', async () => {
    const { ext } = await activateExtension();
    const manifest = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 8, `expected at least 8 contributed commands, got ${contributed.length}`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Budget Agent', c.command);
  });

  it('does not activate on "*"', async () => {
    const { ext } = await activateExtension();
    const manifest = ext.packageJSON as Manifest;
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.includes('onView:budgetAgent.spendPanel'));
  });
});
