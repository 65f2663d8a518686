// The spend panel's handlers: what the webview's buttons do in the extension.
// Runs go through the same Run Task… path as the command palette (same
// controller, same notifications); budgets are written to this workspace's
// settings (ConfigurationTarget.Workspace, null = no limit); history comes
// from the ledger and the run index; config from the typed settings.
import * as vscode from 'vscode';
import type { BudgetKey, ModelOption, PanelConfig } from '../core/protocol';
import { budgetField } from '../core/protocol';
import { AGENT_MISSING, runTask, type CommandDeps } from './commands';
import { SECTION } from './config';
import { modelOptions } from './models';
import type { SpendPanelHandlers } from './panel/SpendPanelProvider';
import { SETTINGS, budgetSettingKey, panelBudgets, type Settings } from './settings';

// 'auto' first: it is the default and the one to pick when unsure.
const STRATEGIES = ['auto', ...SETTINGS.strategy.schema.options.filter((s) => s !== 'auto')];

export function panelHandlers(deps: CommandDeps): SpendPanelHandlers {
  // The models last offered to the webview: a run may only pick one of them.
  let offered: ModelOption[] = [];
  return {
    async onRunTask({ task, strategy, model }) {
      if (!deps.runFactory()) throw new Error(AGENT_MISSING);
      if (deps.runs.running) throw new Error('A run is already in progress. Stop it first.');
      const strategyOk = (STRATEGIES as readonly string[]).includes(strategy);
      if (!strategyOk) throw new Error(`Unknown strategy "${strategy}".`);
      if (model !== null && !offered.some((m) => m.id === model)) throw new Error(`Unknown model "${model}": pick one from the list.`);
      await runTask(deps, task, { strategy: strategy as Settings['strategy'], model });
    },
    onStop() {
      deps.runs.stop();
    },
    async onSetBudget(key: BudgetKey, value: number | null) {
      if (!vscode.workspace.workspaceFolders?.length) throw new Error('Open a folder first: workspace budgets are stored in its .vscode/settings.json.');
      const setting = budgetSettingKey(key);
      await vscode.workspace.getConfiguration(SECTION).update(setting, value, vscode.ConfigurationTarget.Workspace);
      deps.log.info(`workspace budget budgetAgent.${setting} = ${value === null ? 'null (no limit)' : value} (from the panel)`);
      // Multi-root: a folder-level value would hide the workspace one; say so instead of pretending.
      const folder = vscode.workspace.workspaceFile ? vscode.workspace.getConfiguration(SECTION, vscode.workspace.workspaceFolders[0]?.uri).inspect(setting)?.workspaceFolderValue : undefined;
      if (folder !== undefined && folder !== value) throw new Error(`${budgetField(key).label}: saved for the workspace, but the folder setting budgetAgent.${setting} = ${String(folder)} overrides it.`);
    },
    getHistory() {
      return deps.ledger.history(deps.config.read().settings);
    },
    async getConfig(): Promise<PanelConfig> {
      const { settings } = deps.config.read();
      offered = await modelOptions(settings, { apiKey: () => deps.apiKey.get(), log: deps.log });
      const hasFolder = !!vscode.workspace.workspaceFolders?.length;
      return {
        budgets: panelBudgets(settings),
        strategies: [...STRATEGIES],
        models: offered,
        selectedStrategy: settings.strategy,
        selectedModel: null,
        budgetsReadOnly: !hasFolder,
        ...(hasFolder ? {} : { readOnlyReason: 'Open a folder to set workspace budgets: they are stored in its .vscode/settings.json.' }),
      };
    },
    log: (message) => deps.log.warn(message),
  };
}
