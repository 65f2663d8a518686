// Wiring only: the VS Code adapters in src/vscode/ do the work.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Filled in by the foundation wiring (commands, panel, status bar).
}

export function deactivate(): void {}
