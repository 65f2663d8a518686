// Telemetry and team budgets in VS Code: the run factory attaches RunTelemetry
// to every run and asks TeamBudgets before it starts; the two commands store
// their secrets.
import * as vscode from 'vscode';
import type { RunTelemetry } from './telemetry';
import type { TeamBudgets } from './team';

export { RunTelemetry, TELEMETRY_HEADERS_SECRET } from './telemetry';
export { TeamBudgets, TEAM_TOKEN_SECRET } from './team';

export function registerTelemetryCommands(telemetry: RunTelemetry, team: TeamBudgets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('budgetAgent.setTelemetryHeaders', () => telemetry.promptAndStoreHeaders()),
    vscode.commands.registerCommand('budgetAgent.setTeamToken', () => team.promptAndStoreToken()),
  ];
}
