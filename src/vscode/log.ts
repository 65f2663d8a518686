// The extension's LogOutputChannel ("Budget Agent" in the Output view). Levels
// follow the user's log level setting; callers log requests/charges at debug
// and must never pass secrets.
import * as vscode from 'vscode';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Budget Agent', { log: true });
}
