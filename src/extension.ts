// Wiring only: the VS Code adapters in src/vscode/ do the work.
import * as vscode from 'vscode';
import type { RunFactory } from './vscode/agentBridge';
import { registerCommands, type CommandDeps } from './vscode/commands';
import { ConfigReader } from './vscode/config';
import { WorkspaceLedger } from './vscode/ledger';
import { createLog } from './vscode/log';
import { registerChatParticipant, type ChatRegistration } from './vscode/chat/participant';
import { SpendPanelProvider } from './vscode/panel/SpendPanelProvider';
import { panelHandlers } from './vscode/panelHost';
import { RunController } from './vscode/runController';
import { productionRunFactory } from './vscode/runFactory';
import { ApiKeyStore } from './vscode/secrets';
import { SpendStatusBar } from './vscode/statusBar';
import { RunTelemetry, TeamBudgets, registerTelemetryCommands } from './vscode/telemetry';
import { VsCodeToolHost } from './vscode/tools/host';

/** What activate() returns: used by the integration tests, not a public API. */
export interface BudgetAgentApi {
  config: ConfigReader;
  panel: SpendPanelProvider;
  runs: RunController;
  ledger: WorkspaceLedger;
  /** Replaces the factory Run Task… uses (tests drive runs with a fake); undefined restores production. */
  setRunFactory(factory: (() => RunFactory | undefined) | undefined): void;
  /** Tools of VS Code runs (WorkspaceEdit writer, command confirmation; tests inject the answers). */
  tools: VsCodeToolHost;
  /** OpenTelemetry export of runs (budgetAgent.telemetry.*). */
  telemetry: RunTelemetry;
  /** The team budget (budgetAgent.team.budgetUrl), applied before each run. */
  team: TeamBudgets;
  /** @budget; undefined where the host has no chat API. */
  chat: ChatRegistration | undefined;
}

let ledgerToClose: WorkspaceLedger | undefined;
let telemetryToClose: RunTelemetry | undefined;

export function activate(context: vscode.ExtensionContext): BudgetAgentApi {
  const log = createLog();
  const config = new ConfigReader(log);
  const apiKey = new ApiKeyStore(context.secrets);
  const ledger = (ledgerToClose = new WorkspaceLedger(context, log));
  const runs = new RunController(log, () => apiKey.get());
  const statusBar = new SpendStatusBar();
  const tools = new VsCodeToolHost(log);
  const telemetry = (telemetryToClose = new RunTelemetry(context.secrets, log, String(context.extension.packageJSON?.version ?? '')));
  const team = new TeamBudgets(context.secrets, log);
  const production = productionRunFactory(ledger, log, { tools, telemetry, team });
  let factoryOverride: (() => RunFactory | undefined) | undefined;
  const runFactory = () => (factoryOverride ? factoryOverride() : production);
  const refreshToday = () => void ledger.todayUsd().then((usd) => statusBar.showIdle(usd), (e) => log.warn(`ledger unreadable: ${String(e)}`));
  // The side panel: every event of the current run, config, budgets, history.
  const onLedgerChanged = () => {
    refreshToday();
    void panel.refreshHistory();
  };
  const commandDeps: CommandDeps = { config, runs, ledger, apiKey, log, onLedgerChanged, runFactory };
  const panel = new SpendPanelProvider(context.extensionUri, panelHandlers(commandDeps));

  context.subscriptions.push(
    log,
    config,
    runs,
    statusBar,
    vscode.window.registerWebviewViewProvider(SpendPanelProvider.viewType, panel),
    panel,
    runs.onEvent((e) => {
      panel.post(e);
      statusBar.onEvent(e);
      // The run index gets the run at its end; then the History tab is refreshed.
      void ledger.observe(e).then(() => (e.type === 'run_finished' ? panel.refreshHistory() : undefined));
    }),
    runs.onDidFail((message) => panel.showError(`The run failed: ${message}`, 'run')),
    config.onDidChange((parsed) => {
      // A broken budget setting falls back to its default: say so where the budgets are shown too
      // (after the config, which clears the panel's previous configuration error).
      const broken = parsed.problems.filter((p) => p.setting.startsWith('budgetAgent.budget.'));
      void panel.refreshConfig().then(() => broken.length && panel.showError(broken.map((p) => p.message).join(' '), 'config'));
    }),
    ...registerCommands(commandDeps),
    tools,
    ...registerTelemetryCommands(telemetry, team),
  );
  // Both surfaces start runs the same way: this controller, this factory.
  const chat = registerChatParticipant(context.extensionUri, { runs, config, log, runFactory, onRunEnded: refreshToday });
  if (chat) context.subscriptions.push(chat);
  void vscode.commands.executeCommand('setContext', 'budgetAgent.running', false);
  config.read();
  refreshToday();
  log.info(`activated; ledger ${ledger.uri.toString(true)}`);

  return {
    config,
    panel,
    runs,
    ledger,
    tools,
    telemetry,
    team,
    chat,
    setRunFactory: (factory) => {
      factoryOverride = factory;
    },
  };
}

/** Flushes and closes the ledger file. */
export async function deactivate(): Promise<void> {
  await ledgerToClose?.dispose();
  ledgerToClose = undefined;
  // Sends what the last runs left pending (bounded by the export timeout).
  await telemetryToClose?.shutdown();
  telemetryToClose = undefined;
}
