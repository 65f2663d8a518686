// Typed configuration reader over `vscode.workspace.getConfiguration`. Broken
// settings never crash anything: the default is used and the user is warned
// once per distinct problem (notification + log).
import * as vscode from 'vscode';
import { parseSettings, type ParsedSettings, type SettingKey } from './settings';

export const SECTION = 'budgetAgent';

export class ConfigReader implements vscode.Disposable {
  private readonly warned = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<ParsedSettings>();
  /** Fires with the new settings whenever a `budgetAgent.*` setting changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log?: vscode.LogOutputChannel) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.changed.fire(this.read());
      }),
    );
  }

  /** Current settings for `scope` (default: the first workspace folder), validated. */
  read(scope?: vscode.ConfigurationScope): ParsedSettings {
    const cfg = vscode.workspace.getConfiguration(SECTION, scope ?? vscode.workspace.workspaceFolders?.[0]?.uri);
    const parsed = parseSettings((key: SettingKey) => cfg.get(key));
    for (const p of parsed.problems) {
      if (this.warned.has(p.message)) continue;
      this.warned.add(p.message);
      this.log?.warn(p.message);
      void vscode.window.showWarningMessage(`Budget Agent: ${p.message}`, 'Open Settings').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', p.setting);
      });
    }
    return parsed;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
