// Registers every command contributed in package.json. Each handler is thin:
// it asks the user, then calls the adapter or core function that does the work.
import * as vscode from 'vscode';
import type { RunFactory } from './agentBridge';
import type { ConfigReader } from './config';
import { SECTION } from './config';
import type { RunSummary } from '../core/agent/types';
import { BUDGET_FIELDS, budgetField, budgetKeyOfSetting, validateBudgetValue } from '../core/protocol/budgets';
import type { ExportFormat, WorkspaceLedger } from './ledger';
import { listModelIds, withModel } from './models';
import type { RunController } from './runController';
import type { ApiKeyStore } from './secrets';
import { SETTINGS, type SettingKey, type Settings } from './settings';

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

/** The budget settings (after `budgetAgent.`), in the panel's order. */
export const BUDGET_KEYS: readonly SettingKey[] = BUDGET_FIELDS.map((f) => f.setting as SettingKey);

/** What the panel may choose for one run (null = as configured). */
export interface RunOverrides {
  strategy?: Settings['strategy'];
  model?: string | null;
}

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

const CAP_NAME: Partial<Record<RunSummary['stoppedBy'], string>> = { 'budget:tokens': 'token', 'budget:usd': 'money', 'budget:tool_calls': 'tool-call', 'budget:time': 'time' };

/** Run Task… (palette, panel): asks for the task unless given, runs it, reports the outcome. */
export async function runTask(deps: CommandDeps, given?: string, overrides: RunOverrides = {}): Promise<RunSummary | undefined> {
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
  let settings = deps.config.read().settings;
  if (overrides.strategy) settings = { ...settings, strategy: overrides.strategy };
  settings = withModel(settings, overrides.model ?? null);
  const summary = await deps.runs.run(task.trim(), settings, factory);
  if (summary) {
    const spent = `$${summary.spent.usd.toFixed(4)}, ${summary.spent.inputTokens + summary.spent.outputTokens} tokens, ${summary.spent.toolCalls} tool calls`;
    const how = summary.stoppedBy === 'answer' ? 'finished' : `stopped${CAP_NAME[summary.stoppedBy] ? ` on the ${CAP_NAME[summary.stoppedBy]} cap` : ''} (${summary.stoppedBy}${summary.error ? `: ${summary.error}` : ''})`;
    const show = summary.stoppedBy === 'error' ? vscode.window.showErrorMessage : summary.stoppedBy.startsWith('budget:') ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Budget Agent ${how} after ${summary.steps} step${summary.steps === 1 ? '' : 's'}; spent ${spent}.${summary.answer ? ` Answer: ${summary.answer.slice(0, 300)}` : ''}`);
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
      description: `${showBudget(current[key] as number | null)}${cfg.inspect(key)?.workspaceValue !== undefined ? ' (workspace)' : ''}`,
      detail: `budgetAgent.${key}`,
      key,
    })),
    { title: 'Budget Agent: Set Workspace Budget', placeHolder: 'Which limit of this workspace?' },
  );
  if (!pick) return;
  const fallback = SETTINGS[pick.key].default as number | null;
  const raw = await vscode.window.showInputBox({
    title: `Budget Agent: ${pick.label} (workspace)`,
    prompt: `New value for budgetAgent.${pick.key}. Leave empty for no limit; type "default" to remove the workspace value (default: ${showBudget(fallback)}).`,
    value: current[pick.key] === null ? '' : String(current[pick.key]),
    ignoreFocusOut: true,
    validateInput: (v) => validateBudgetInput(pick.key, v),
  });
  if (raw === undefined) return;
  const value = parseBudgetInput(pick.key, raw);
  await cfg.update(pick.key, value, vscode.ConfigurationTarget.Workspace);
  deps.log.info(`workspace budget budgetAgent.${pick.key} = ${value === undefined ? '(default)' : value === null ? 'null (no limit)' : value}`);
}

const showBudget = (v: number | null) => (v === null ? 'no limit' : String(v));

/** Input box text → the value to write: a number, null (empty: no limit) or undefined ("default": remove). */
export function parseBudgetInput(key: SettingKey, text: string): number | null | undefined {
  if (text.trim().toLowerCase() === 'default') return undefined;
  const field = budgetKeyOfSetting(key);
  if (!field) throw new Error(`budgetAgent.${key} is not a budget setting`);
  const r = validateBudgetValue(field, text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Input box validation (the panel's rules): a number within the setting's bounds, empty = no limit, "default". */
export function validateBudgetInput(key: SettingKey, text: string): string | undefined {
  if (text.trim().toLowerCase() === 'default') return undefined;
  const field = budgetKeyOfSetting(key);
  if (!field) return `budgetAgent.${key} is not a budget setting.`;
  const r = validateBudgetValue(field, text);
  return r.ok ? undefined : r.error;
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
  const listed = await listModelIds(settings, { apiKey: () => deps.apiKey.get(), log: deps.log }, { fresh: true });
  const ids = listed.length ? listed : settings.model ? [settings.model] : [];
  const other = '$(edit) Enter a model id…';
  const pick = await vscode.window.showQuickPick(
    [...ids.map((id) => ({ label: id, description: id === settings.model ? 'current' : undefined })), { label: other }],
    { title: `Budget Agent: Select Model (${settings.provider})`, placeHolder: ids.length ? 'Model' : 'No models listed; enter an id' },
  );
  if (!pick) return;
  const model = pick.label === other ? (await vscode.window.showInputBox({ title: 'Model id', value: settings.model, ignoreFocusOut: true }))?.trim() : pick.label;
  if (model !== undefined) await cfg.update('model', model, target);
}

function label(key: SettingKey): string {
  const field = budgetKeyOfSetting(key);
  return field ? budgetField(field).label : key;
}
