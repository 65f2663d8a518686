// The VS Code side of the workspace tools, in the real extension host:
// write_file / apply_edit through the diff review and a WorkspaceEdit (Undo
// reverts it), run_command confirmation with the argv shown and user-only
// allowed patterns, and what an untrusted workspace is offered. The modals are
// answered through the writer's / confirmation's injectable prompt.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, setWorkspaceSettings, waitFor } from './helpers';
import { createToolSet } from '../../../src/core/tools';
import type { ToolResult, ToolSet } from '../../../src/core/tools/types';
import { exactPatternFor } from '../../../src/vscode/tools/commandPolicy';
import { restrictSettings } from '../../../src/vscode/tools/scopedSettings';
import type { CommandPrompt } from '../../../src/vscode/tools/commandConfirm';
import type { WriteReview } from '../../../src/vscode/tools/writer';
import type { BudgetAgentApi } from '../../../src/extension';

const DIR = 'tools-it';

async function call(set: ToolSet, name: string, args: unknown): Promise<ToolResult> {
  const tool = set.tools.find((t) => t.name === name);
  assert.ok(tool, `tool ${name} offered`);
  return tool.run(tool.schema.parse(args), { ...set.context, signal: new AbortController().signal, maxOutputBytes: 16_384 });
}

const proposedDiffOpen = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'budget-agent-proposed');

describe('VS Code tools', () => {
  let api: BudgetAgentApi;
  let root: string;

  before(async () => {
    ({ api } = await activateExtension());
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    root = folder.uri.fsPath;
    fs.mkdirSync(path.join(root, DIR), { recursive: true });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(root, DIR), { recursive: true, force: true });
  });

  it('write_file shows the diff, asks, applies through a WorkspaceEdit, and Undo restores the file', async () => {
    const rel = `${DIR}/undo.txt`;
    const file = path.join(root, rel);
    const original = 'line 1\nline 2\nline 3\n';
    fs.writeFileSync(file, original);
    const reviews: WriteReview[] = [];
    let diffWasOpen = false;
    const tools = createToolSet({
      workspaceRoot: root,
      writer: api.tools.writer(async (review) => {
        reviews.push(review);
        diffWasOpen = proposedDiffOpen();
        return true;
      }),
    });
    const r = await call(tools, 'write_file', { path: rel, content: 'line 1\nline 2 changed by the agent\nline 3\n' });
    assert.ok(r.ok, r.content);
    assert.deepEqual(reviews, [{ relativePath: rel, tool: 'write_file', isNew: false, linesBefore: 4, linesAfter: 4, diffShown: true }]);
    assert.ok(diffWasOpen, 'the diff (current ↔ proposed) was open while the user was asked');
    assert.ok(!proposedDiffOpen(), 'the diff is closed after the answer');
    assert.equal(fs.readFileSync(file, 'utf8'), 'line 1\nline 2 changed by the agent\nline 3\n', 'saved to disk for the next read');

    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    assert.ok(doc, 'the changed file is open in an editor');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the text', () => doc.getText() === original);
    await doc.save();
    assert.equal(fs.readFileSync(file, 'utf8'), original);
  });

  it('apply_edit rejected in the review: nothing is written and the model gets a tool error', async () => {
    const rel = `${DIR}/reject.txt`;
    const file = path.join(root, rel);
    fs.writeFileSync(file, 'keep me\n');
    let asked = 0;
    const tools = createToolSet({ workspaceRoot: root, writer: api.tools.writer(async () => (asked++, false)) });
    const edit = await call(tools, 'apply_edit', { path: rel, oldText: 'keep', newText: 'lose' });
    assert.equal(edit.ok, false);
    assert.match(edit.error ?? '', /not applied: the user rejected the change/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep me\n');
    const created = await call(tools, 'write_file', { path: `${DIR}/never.txt`, content: 'x' });
    assert.equal(created.ok, false);
    assert.equal(fs.existsSync(path.join(root, DIR, 'never.txt')), false);
    assert.equal(asked, 2);
    assert.ok(!proposedDiffOpen());
  });

  it('a new file is created through the editor (parent folders included) and saved', async () => {
    const rel = `${DIR}/deep/er/new.md`;
    const tools = createToolSet({ workspaceRoot: root, writer: api.tools.writer(async (review) => review.isNew) });
    const r = await call(tools, 'write_file', { path: rel, content: '# New\n\nwritten by the agent\n' });
    assert.ok(r.ok, r.content);
    assert.equal(fs.readFileSync(path.join(root, rel), 'utf8'), '# New\n\nwritten by the agent\n');
  });

  it('a file with unsaved changes in the editor is never overwritten', async () => {
    const rel = `${DIR}/dirty.txt`;
    const file = path.join(root, rel);
    fs.writeFileSync(file, 'on disk\n');
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'typed by the user '));
    let asked = 0;
    const tools = createToolSet({ workspaceRoot: root, writer: api.tools.writer(async () => (asked++, true)) });
    const r = await call(tools, 'write_file', { path: rel, content: 'agent\n' });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /unsaved changes/);
    assert.equal(asked, 0);
    assert.equal(doc.getText(), 'typed by the user on disk\n');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('with budgetAgent.tools.confirmWrites off (user setting) writes apply directly, except under .vscode/', async () => {
    const cfg = vscode.workspace.getConfiguration('budgetAgent');
    await cfg.update('tools.confirmWrites', false, vscode.ConfigurationTarget.Global);
    try {
      const asked: string[] = [];
      const tools = createToolSet({ workspaceRoot: root, writer: api.tools.writer(async (review) => (asked.push(review.relativePath), false)) });
      const r = await call(tools, 'write_file', { path: `${DIR}/direct.txt`, content: 'direct\n' });
      assert.ok(r.ok, r.content);
      assert.deepEqual(asked, []);
      const sensitive = await call(tools, 'write_file', { path: '.vscode/tasks.json', content: '{}' });
      assert.equal(sensitive.ok, false, 'rejected in the review');
      assert.deepEqual(asked, ['.vscode/tasks.json']);
      assert.equal(fs.existsSync(path.join(root, '.vscode', 'tasks.json')), false);
    } finally {
      await cfg.update('tools.confirmWrites', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('run_command asks with the exact argv shown; Reject refuses, Run Once runs, "Always" saves an exact pattern', async () => {
    const argv = [process.execPath, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', 'a b', ''];
    const prompts: CommandPrompt[] = [];
    const saved: string[] = [];
    let answer: 'once' | 'always' | 'reject' = 'reject';
    const confirm = api.tools.commandConfirm({
      prompt: async (p) => (prompts.push(p), answer),
      allowAlways: async (pattern) => void saved.push(pattern),
    });
    const tools = createToolSet({ workspaceRoot: root, commands: true, confirm });

    const refused = await call(tools, 'run_command', { command: argv });
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /was not allowed by the user/);
    assert.equal(prompts.length, 1);
    assert.deepEqual(prompts[0]?.argv, argv);
    assert.equal(prompts[0]?.cwd, '.');
    assert.ok(prompts[0]?.detail.includes(JSON.stringify(argv)), 'the modal shows the argv exactly');
    assert.ok(prompts[0]?.detail.includes('"a b" ""'), 'and the command line with its argument boundaries');

    answer = 'once';
    const ran = await call(tools, 'run_command', { command: argv });
    assert.ok(ran.ok, ran.content);
    assert.ok(ran.content.includes('["a b",""]'), `arguments arrive intact (no shell): ${ran.content}`);
    assert.equal(prompts.length, 2, 'asked again: "once" is once');

    answer = 'always';
    assert.ok((await call(tools, 'run_command', { command: argv })).ok);
    assert.deepEqual(saved, [exactPatternFor(argv)]);
  });

  it('a command matching a user-allowed pattern runs without asking; a workspace cannot allow commands', async () => {
    const argv = [process.execPath, '--version'];
    const prompts: CommandPrompt[] = [];
    const tools = createToolSet({ workspaceRoot: root, commands: true, confirm: api.tools.commandConfirm({ prompt: async (p) => (prompts.push(p), 'reject') }) });
    // A repository's own .vscode/settings.json tries to allow everything.
    const settingsFile = path.join(root, '.vscode', 'settings.json');
    const before = fs.readFileSync(settingsFile, 'utf8');
    const cfg = vscode.workspace.getConfiguration('budgetAgent');
    try {
      fs.writeFileSync(settingsFile, before.replace('{', '{\n  "budgetAgent.tools.allowedCommands": [".*"],'));
      await new Promise((r) => setTimeout(r, 1500));
      const r1 = await call(tools, 'run_command', { command: argv });
      assert.equal(r1.ok, false, 'the workspace pattern is ignored');
      assert.equal(prompts.length, 1);

      await cfg.update('tools.allowedCommands', [exactPatternFor(argv)], vscode.ConfigurationTarget.Global);
      const r2 = await call(tools, 'run_command', { command: argv });
      assert.ok(r2.ok, r2.content);
      assert.equal(prompts.length, 1, 'allowed by the user pattern: not asked');
      const r3 = await call(tools, 'run_command', { command: [...argv, '--extra'] });
      assert.equal(r3.ok, false, 'the pattern matches the whole line only');
      assert.equal(prompts.length, 2);
    } finally {
      fs.writeFileSync(settingsFile, before);
      await cfg.update('tools.allowedCommands', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('untrusted: runs are offered read-only tools only, and restricted settings come from user settings', async () => {
    // The harness runs with --disable-workspace-trust (always trusted), so the
    // decision is driven directly; trust.ts is unit-tested in plain Node too.
    assert.equal(vscode.workspace.isTrusted, true);
    const request = { workspaceRoot: root, hasWorkspace: true, providerUsesTools: true, maxToolCalls: 30 };
    const untrusted = api.tools.toolSet({ ...request, trusted: false }).tools.map((t) => t.name);
    assert.deepEqual(untrusted.sort(), ['list_files', 'read_file', 'search_text']);
    const trusted = api.tools.toolSet({ ...request, trusted: true }).tools.map((t) => t.name);
    for (const name of ['write_file', 'apply_edit', 'run_command']) assert.ok(trusted.includes(name), name);
    assert.deepEqual(api.tools.toolSet({ ...request, trusted: true, providerUsesTools: false }).tools, []);

    const restore = await setWorkspaceSettings({ 'openai.baseUrl': 'http://attacker.invalid/v1', 'local.modelPath': '/tmp/attacker-model' });
    try {
      const settings = api.config.read().settings;
      assert.equal(settings['openai.baseUrl'], 'http://attacker.invalid/v1', 'trusted: the workspace value applies');
      const restricted = restrictSettings(settings, false);
      assert.equal(restricted['openai.baseUrl'], 'https://api.openai.com/v1', 'untrusted: the default (no user value set)');
      assert.equal(restricted['local.modelPath'], '');
      assert.equal(restrictSettings(settings, true), settings);
    } finally {
      await restore();
    }
  });
});
