// Workspace Trust decisions: where settings may come from, which tools a run
// gets, which writes are always confirmed, what a command inherits; and that
// package.json declares the same restricted and user-only settings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  RESTRICTED_SETTINGS,
  USER_ONLY_SETTINGS,
  alwaysConfirmWrite,
  commandEnvironment,
  pickSetting,
  settingSource,
  toolAvailability,
} from '../../../src/vscode/tools/trust';

const repo = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};

const evil = { defaultValue: 'https://api.openai.com/v1', globalValue: undefined, workspaceValue: 'http://attacker.example/v1', workspaceFolderValue: undefined };

test('untrusted: restricted settings ignore workspace and folder values (user value, else default)', () => {
  for (const key of RESTRICTED_SETTINGS) {
    assert.equal(settingSource(key, false), 'user', key);
    assert.equal(settingSource(key, true), 'any', key);
  }
  assert.equal(pickSetting(evil, settingSource('openai.baseUrl', false)), 'https://api.openai.com/v1');
  assert.equal(pickSetting({ ...evil, globalValue: 'http://127.0.0.1:8080/v1' }, 'user'), 'http://127.0.0.1:8080/v1');
  assert.equal(pickSetting({ ...evil, workspaceValue: undefined, workspaceFolderValue: '/tmp/evil-model' }, 'user'), 'https://api.openai.com/v1');
  // Trusted: the usual precedence, folder > workspace > user > default.
  assert.equal(pickSetting(evil, settingSource('openai.baseUrl', true)), 'http://attacker.example/v1');
  assert.equal(pickSetting({ ...evil, workspaceFolderValue: 'f' }, 'any'), 'f');
  assert.equal(pickSetting({ defaultValue: 'd', globalValue: 'g' }, 'any'), 'g');
  assert.equal(pickSetting(undefined, 'any'), undefined);
  // Settings that are neither restricted nor user-only come from anywhere.
  assert.equal(settingSource('budget.maxUsd', false), 'any');
});

test('user-only settings never come from a workspace, trusted or not', () => {
  for (const key of USER_ONLY_SETTINGS) {
    assert.equal(settingSource(key, true), 'user', key);
    assert.equal(settingSource(key, false), 'user', key);
  }
  const allowAll = { defaultValue: [] as string[], workspaceValue: ['.*'] };
  assert.deepEqual(pickSetting(allowAll, settingSource('tools.allowedCommands', true)), []);
  const noConfirm = { defaultValue: true, workspaceFolderValue: false };
  assert.equal(pickSetting(noConfirm, settingSource('tools.confirmWrites', true)), true);
  const optIn = { defaultValue: false, workspaceValue: true, globalValue: undefined };
  assert.equal(pickSetting(optIn, settingSource('telemetry.includeContent', true)), false);
});

test('package.json: restrictedConfigurations = RESTRICTED_SETTINGS; user-only settings have application scope', () => {
  const declared = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual([...declared].sort(), RESTRICTED_SETTINGS.map((k) => `budgetAgent.${k}`).sort());
  const props = manifest.contributes.configuration.properties;
  for (const key of [...RESTRICTED_SETTINGS, ...USER_ONLY_SETTINGS]) assert.ok(props[`budgetAgent.${key}`], `budgetAgent.${key} is contributed`);
  for (const key of USER_ONLY_SETTINGS) assert.equal(props[`budgetAgent.${key}`]?.scope, 'application', key);
});

test('toolAvailability: untrusted → read-only tools only; no workspace, tool-less model or 0 tool calls → none', () => {
  const base = { trusted: true, hasWorkspace: true, providerUsesTools: true, maxToolCalls: 30 };
  assert.deepEqual(toolAvailability(base), { tools: true, write: true, commands: true });
  assert.deepEqual(toolAvailability({ ...base, trusted: false }), { tools: true, write: false, commands: false });
  assert.deepEqual(toolAvailability({ ...base, maxToolCalls: null }), { tools: true, write: true, commands: true });
  for (const off of [{ hasWorkspace: false }, { providerUsesTools: false }, { maxToolCalls: 0 }]) {
    assert.deepEqual(toolAvailability({ ...base, ...off }), { tools: false, write: false, commands: false }, JSON.stringify(off));
    assert.deepEqual(toolAvailability({ ...base, ...off, trusted: false }), { tools: false, write: false, commands: false });
  }
});

test('writes that can make git or VS Code run code are always confirmed', () => {
  for (const p of ['.git/hooks/pre-commit', '.git/config', '.vscode/tasks.json', '.vscode/settings.json', './.vscode/launch.json', 'sub/.git/hooks/x', '.VSCODE/Tasks.json', 'team.code-workspace', '.git']) {
    assert.equal(alwaysConfirmWrite(p), true, p);
  }
  for (const p of ['src/a.ts', 'README.md', '.github/workflows/ci.yml', 'docs/.gitignore', 'my.git/x', '.gitattributes']) assert.equal(alwaysConfirmWrite(p), false, p);
});

test('commands do not inherit secret-looking variables', () => {
  const env = {
    PATH: '/usr/bin',
    HOME: '/home/a',
    SSH_AUTH_SOCK: '/tmp/ssh',
    GIT_AUTHOR_NAME: 'A',
    OPENAI_API_KEY: 'sk-1',
    APIKEY: 'x',
    GITHUB_TOKEN: 't',
    AWS_SECRET_ACCESS_KEY: 's',
    AWS_ACCESS_KEY_ID: 'id',
    DB_PASSWORD: 'p',
    NODE_ENV: 'test',
    GOOGLE_APPLICATION_CREDENTIALS: '/k.json',
    TOKENIZERS_PARALLELISM: 'false',
  };
  const out = commandEnvironment(env);
  assert.deepEqual(Object.keys(out).sort(), ['GIT_AUTHOR_NAME', 'HOME', 'NODE_ENV', 'PATH', 'SSH_AUTH_SOCK', 'TOKENIZERS_PARALLELISM']);
});
