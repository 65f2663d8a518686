// Wiring only: the VS Code adapters in src/vscode/ do the work.
import * as vscode from 'vscode';
import type { RunFactory } from './vscode/agentBridge';
import { registerCommands } from './vscode/commands';
import { ConfigReader } from './vscode/config';
import { LedgerFile } from './vscode/ledgerFile';
import { createLog } from './vscode/log';
import { MinimalPanelProvider } from './vscode/minimalPanel';
import { RunController } from './vscode/runController';
import { ApiKeyStore } from './vscode/secrets';
import { SpendStatusBar } from './vscode/statusBar';

/** What activate() returns: used by the integration tests, not a public API. */
export interface BudgetAgentApi {
  config: ConfigReader;
  panel: MinimalPanelProvider;
  runs: RunController;
  ledger: LedgerFile;
  /** Replaces the run factory used by Run Task… (tests drive runs with a fake model). */
  setRunFactory(factory: (() => RunFactory | undefined) | undefined): void;
}

export function activate(context: vscode.ExtensionContext): BudgetAgentApi {
  const log = createLog();
  const config = new ConfigReader(log);
  const apiKey = new ApiKeyStore(context.secrets);
  const ledger = new LedgerFile(context);
  const runs = new RunController(log, () => apiKey.get());
  const statusBar = new SpendStatusBar();
  const panel = new MinimalPanelProvider(context.extensionUri);
  const refreshToday = () => void ledger.todayUsd().then((usd) => statusBar.showIdle(usd), () => undefined);
  const deps = { config, runs, ledger, apiKey, log, onLedgerChanged: refreshToday, runFactory: undefined as (() => RunFactory | undefined) | undefined };

  context.subscriptions.push(
    log,
    config,
    runs,
    statusBar,
    vscode.window.registerWebviewViewProvider(MinimalPanelProvider.viewType, panel),
    runs.onEvent((e) => {
      panel.post(e);
      statusBar.onEvent(e);
    }),
    ...registerCommands(deps),
  );
  void vscode.commands.executeCommand('setContext', 'budgetAgent.running', false);
  config.read();
  refreshToday();
  log.info(`activated (${context.extensionMode === vscode.ExtensionMode.Test ? 'test' : 'normal'} mode); ledger ${ledger.uri.toString(true)}`);

  return {
    config,
    panel,
    runs,
    ledger,
    setRunFactory: (factory) => {
      deps.runFactory = factory;
    },
  };
}

export function deactivate(): void {}
