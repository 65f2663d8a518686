// A minimal live spend view, registered until the real panel
// (src/vscode/panel/SpendPanelProvider.ts) is wired in its place. Strict CSP
// with a per-render nonce; the page shows the latest run status it is sent.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { AgentEvent } from '../core/events/types';

export class MinimalPanelProvider implements vscode.WebviewViewProvider {
  static readonly viewType = 'budgetAgent.spendPanel';
  private view: vscode.WebviewView | undefined;
  private last: AgentEvent | undefined;
  private readonly resolvedEmitter = new vscode.EventEmitter<vscode.WebviewView>();
  /** Fires each time VS Code resolves (renders) the view. */
  readonly onDidResolve = this.resolvedEmitter.event;

  constructor(private readonly extensionUri: vscode.Uri) {}

  get isResolved(): boolean {
    return this.view !== undefined;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = this.html(view.webview);
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
    view.onDidChangeVisibility(() => {
      if (view.visible && this.last) void view.webview.postMessage(this.last);
    });
    if (this.last) void view.webview.postMessage(this.last);
    this.resolvedEmitter.fire(view);
  }

  post(event: AgentEvent): void {
    if (event.type === 'text_delta' || event.type === 'log') return;
    this.last = event;
    void this.view?.webview.postMessage(event);
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${webview.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Budget Agent</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 8px 12px; }
  h2 { font-size: 1.1em; font-weight: 600; margin: 0.4em 0; }
  #status { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body data-testid="budget-agent-panel">
<h2>Budget Agent</h2>
<p id="status" role="status" aria-live="polite">Budget Agent — no run yet</p>
<script nonce="${nonce}">
  const status = document.getElementById('status');
  const usd = (v) => '$' + Number(v).toFixed(4);
  window.addEventListener('message', (e) => {
    const ev = e.data;
    if (!ev || typeof ev.type !== 'string') return;
    if (ev.type === 'run_started') status.textContent = 'Running: ' + ev.task;
    else if (ev.type === 'spend') status.textContent = 'Spent ' + usd(ev.spent.usd) + ', ' + (ev.spent.inputTokens + ev.spent.outputTokens) + ' tokens, ' + ev.spent.toolCalls + ' tool calls (tier ' + ev.tier + ')';
    else if (ev.type === 'run_finished') status.textContent = 'Finished (' + ev.stoppedBy + '): spent ' + usd(ev.spent.usd) + ' in ' + ev.steps + ' steps';
  });
</script>
</body>
</html>`;
  }
}
