// Registers every command contributed in package.json. Each handler is thin:
// it asks the user, then calls the adapter or core function that does the work.
import * as vscode from 'vscode';
import type { RunFactory } from './agentBridge';
import type { ConfigReader } from './config';
import { SECTION } from './config';
import type { ExportFormat, WorkspaceLedger } from './ledger';
import type { RunController } from './runController';
import type { ApiKeyStore } from './secrets';
import { parseSetting, SETTINGS, type SettingKey, type Settings } from './settings';

export interface CommandDeps {
  config: ConfigReader;
  runs: RunController;
  ledger: WorkspaceLedger;
  apiKey: ApiKeyStore;
  log: vscode.LogOutputChannel;
  /** Called after the ledger changed (reset), to refresh the status bar. */
  onLedgerChanged(): void;
  /** The factory Run Task… uses (undefined: runs are unavailable, with a message). */
  runFactory(): RunFactory | undefined;
}

export const AGENT_MISSING = 'Budget Agent: runs are not available in this build, so Run Task… cannot start one. The panel, settings, budgets and ledger commands work.';

export const BUDGET_KEYS: readonly SettingKey[] = [
  'budget.maxTokens',
  'budget.maxToolCalls',
  'budget.maxUsd',
  'budget.maxThinkingTokens',
  'budget.maxSeconds',
  'budget.dailyUsdCap',
  'budget.monthlyUsdCap',
];

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(`budgetAgent.${id}`, fn);
  return [
    reg('runTask', (task?: unknown) => runTask(deps, typeof task === 'string' ? task : undefined)),
    reg('stopRun', () => {
      if (!deps.runs.stop()) void vscode.window.showInformationMessage('Budget Agent: no run in progress.');
    }),
    reg('showPanel', () => vscode.commands.executeCommand('budgetAgent.spendPanel.focus')),
    reg('setWorkspaceBudget', () => setWorkspaceBudget(deps)),
    reg('resetWorkspaceSpend', () => resetWorkspaceSpend(deps)),
    reg('selectModel', () => selectModel(deps)),
    reg('exportLedger', () => exportLedger(deps)),
    reg('setApiKey', () => deps.apiKey.promptAndStore()),
  ];
}

async function runTask(deps: CommandDeps, given?: string) {
  const task =
    given ??
    (await vscode.window.showInputBox({
      title: 'Budget Agent: Run Task',
      prompt: 'What should the agent do? It runs within this workspace\'s budget (Budget Agent settings).',
      placeHolder: 'e.g. Find where the retry delay is computed and explain it',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Describe the task.'),
    }));
  if (!task?.trim()) return undefined;
  const factory = deps.runFactory();
  if (!factory) {
    deps.log.warn(AGENT_MISSING);
    void vscode.window.showWarningMessage(AGENT_MISSING);
    return undefined;
  }
  const summary = await deps.runs.run(task.trim(), deps.config.read().settings, factory);
  if (summary) {
    const spent = `$${summary.spent.usd.toFixed(4)}, ${summary.spent.inputTokens + summary.spent.outputTokens} tokens, ${summary.spent.toolCalls} tool calls`;
    const how = summary.stoppedBy === 'answer' ? 'finished' : `stopped (${summary.stoppedBy}${summary.error ? `: ${summary.error}` : ''})`;
    const show = summary.stoppedBy === 'error' ? vscode.window.showErrorMessage : summary.stoppedBy.startsWith('budget:') ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Budget Agent ${how} after ${summary.steps} steps; spent ${spent}.${summary.answer ? ` Answer: ${summary.answer.slice(0, 300)}` : ''}`);
  }
  deps.onLedgerChanged();
  return summary;
}

async function setWorkspaceBudget(deps: CommandDeps) {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showErrorMessage('Budget Agent: open a folder first; workspace budgets are stored in its settings.');
    return;
  }
  const current = deps.config.read().settings;
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const pick = await vscode.window.showQuickPick(
    BUDGET_KEYS.map((key) => ({
      label: label(key),
      description: `${String(current[key])}${cfg.inspect(key)?.workspaceValue !== undefined ? ' (workspace)' : ''}`,
      detail: `budgetAgent.${key}`,
      key,
    })),
    { title: 'Budget Agent: Set Workspace Budget', placeHolder: 'Which limit of this workspace?' },
  );
  if (!pick) return;
  const raw = await vscode.window.showInputBox({
    title: `Budget Agent: ${pick.label} (workspace)`,
    prompt: `New value for budgetAgent.${pick.key}. Leave empty to remove the workspace value (default ${String(SETTINGS[pick.key].default)}).`,
    value: String(current[pick.key]),
    ignoreFocusOut: true,
    validateInput: (v) => validateBudgetInput(pick.key, v),
  });
  if (raw === undefined) return;
  const value = raw.trim() === '' ? undefined : Number(raw);
  await cfg.update(pick.key, value, vscode.ConfigurationTarget.Workspace);
  deps.log.info(`workspace budget budgetAgent.${pick.key} = ${value ?? '(default)'}`);
}

/** Input box validation: a number within the setting's bounds (empty = remove). */
export function validateBudgetInput(key: SettingKey, text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return 'Enter a number.';
  const { problem } = parseSetting(key, n);
  return problem ? problem.message.replace(/; using the default.*$/, '.') : undefined;
}

async function resetWorkspaceSpend(deps: CommandDeps) {
  const ok = await vscode.window.showWarningMessage(
    'Budget Agent: reset this workspace\'s spend? Every recorded charge (and so the daily and monthly totals) is removed. Export the ledger first to keep it.',
    { modal: true },
    'Reset',
  );
  if (ok !== 'Reset') return;
  if (deps.runs.running) {
    void vscode.window.showErrorMessage('Budget Agent: stop the current run before resetting the workspace spend.');
    return;
  }
  await deps.ledger.reset();
  deps.log.info(`ledger reset: ${deps.ledger.uri.toString(true)}`);
  deps.onLedgerChanged();
  void vscode.window.showInformationMessage('Budget Agent: workspace spend reset.');
}

async function exportLedger(deps: CommandDeps) {
  if (!(await deps.ledger.hasEntries())) {
    void vscode.window.showInformationMessage('Budget Agent: nothing recorded yet; the ledger is empty.');
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `budget-agent-spend-${new Date().toISOString().slice(0, 10)}`;
  const target = await vscode.window.showSaveDialog({
    title: 'Budget Agent: Export Spend Ledger',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${name}.csv`) : undefined,
    filters: { CSV: ['csv'], JSON: ['json'], 'JSON Lines (raw ledger)': ['jsonl'] },
  });
  if (!target) return;
  const ext = target.path.slice(target.path.lastIndexOf('.') + 1).toLowerCase();
  const format: ExportFormat = ext === 'json' ? 'json' : ext === 'jsonl' ? 'jsonl' : 'csv';
  const lines = await deps.ledger.exportTo(target, format);
  void vscode.window.showInformationMessage(`Budget Agent: exported ${lines} ledger line(s) to ${target.fsPath}.`);
}

async function selectModel(deps: CommandDeps) {
  const { settings } = deps.config.read();
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const cfg = vscode.workspace.getConfiguration(SECTION);
  if (settings.provider === 'onnx') {
    const browse = '$(folder-opened) Browse for a model folder…';
    const items = [...(settings['local.modelPath'] ? [{ label: settings['local.modelPath'], description: 'current' }] : []), { label: browse }];
    const pick = await vscode.window.showQuickPick(items, { title: 'Budget Agent: Select Local ONNX Model', placeHolder: 'Model folder (with tokenizer.json and the .onnx file)' });
    if (pick?.label !== browse) return;
    const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'Local ONNX model folder' });
    if (folder?.[0]) await cfg.update('local.modelPath', folder[0].fsPath, target);
    return;
  }
  const ids = await listModels(settings, deps);
  const other = '$(edit) Enter a model id…';
  const pick = await vscode.window.showQuickPick(
    [...ids.map((id) => ({ label: id, description: id === settings.model ? 'current' : undefined })), { label: other }],
    { title: `Budget Agent: Select Model (${settings.provider})`, placeHolder: ids.length ? 'Model' : 'No models listed; enter an id' },
  );
  if (!pick) return;
  const model = pick.label === other ? (await vscode.window.showInputBox({ title: 'Model id', value: settings.model, ignoreFocusOut: true }))?.trim() : pick.label;
  if (model !== undefined) await cfg.update('model', model, target);
}

async function listModels(settings: Settings, deps: CommandDeps): Promise<string[]> {
  try {
    if (settings.provider === 'vscode-lm') return (await vscode.lm.selectChatModels()).map((m) => m.id);
    const key = await deps.apiKey.get();
    const res = await fetch(`${settings['openai.baseUrl'].replace(/\/+$/, '')}/models`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(8000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { data?: Array<{ id?: unknown }> };
    return (body.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : [])).sort();
  } catch (err) {
    deps.log.warn(`listing ${settings.provider} models failed: ${err instanceof Error ? err.message : String(err)}`);
    return settings.model ? [settings.model] : [];
  }
}

const label = (key: SettingKey) =>
  ({
    'budget.maxTokens': 'Max tokens per run',
    'budget.maxToolCalls': 'Max tool calls per run',
    'budget.maxUsd': 'Max USD per run',
    'budget.maxThinkingTokens': 'Max thinking tokens per run',
    'budget.maxSeconds': 'Max seconds per run',
    'budget.dailyUsdCap': 'Daily USD cap',
    'budget.monthlyUsdCap': 'Monthly USD cap',
  })[key as string] ?? key;
