// The Budget Agent side panel (a WebviewView in the activity bar).
//
// Wired in src/extension.ts with the handlers of src/vscode/panelHost.ts
// (runs through Run Task…, budgets to workspace settings, history from the
// ledger and run index, config from the typed settings); every AgentEvent of
// the RunController goes to post(), configuration changes to refreshConfig(),
// finished runs to refreshHistory().
//
// Messages (both directions, zod-validated): src/core/protocol/messages.ts.
// Budget keys and their validation: src/core/protocol/budgets.ts.
// Events are coalesced here (one message per ~50 ms) and rendered per
// animation frame in the webview. The view is not retained when hidden: the
// extension keeps the folded panel state and sends it as a snapshot when the
// webview reopens; the webview keeps its own UI state with getState/setState.
import * as vscode from 'vscode';
import type { AgentEvent } from '../../core/events/types';
import type { PanelState } from '../../core/protocol';
import { PanelController } from './controller';
import type { SpendPanelHandlers } from './controller';
import { makeNonce, panelHtml } from './html';

export type { SpendPanelHandlers } from './controller';

export class SpendPanelProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'budgetAgent.spendPanel';

  private view: vscode.WebviewView | undefined;
  private readonly controller: PanelController;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly resolvedEmitter = new vscode.EventEmitter<vscode.WebviewView>();
  /** Fires each time VS Code resolves (renders) the view. */
  readonly onDidResolve = this.resolvedEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    handlers: SpendPanelHandlers,
  ) {
    this.controller = new PanelController(handlers);
  }

  resolveWebviewView(view: vscode.WebviewView, _context: vscode.WebviewViewResolveContext, _token: vscode.CancellationToken): void {
    this.disposeViewSubscriptions();
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    const webview = view.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
    });
    this.controller.attach((m) => webview.postMessage(m));
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.controller.receive(raw)),
      view.onDidChangeVisibility(() => {
        // Hidden views lose their page (no retainContextWhenHidden); on show
        // the page loads again and asks for a snapshot with 'ready'.
        if (view.visible) this.controller.attach((m) => webview.postMessage(m));
        else this.controller.detach();
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.controller.detach();
        this.disposeViewSubscriptions();
      }),
    );
    this.resolvedEmitter.fire(view);
  }

  /** True once VS Code has resolved the view (and until it is disposed). */
  get isResolved(): boolean {
    return this.view !== undefined;
  }

  /** Feed one AgentEvent (from any run); batched to the webview. */
  post(event: AgentEvent): void {
    this.controller.push(event);
  }

  /** Re-read getConfig() and send it (call on configuration changes). */
  refreshConfig(): Promise<void> {
    return this.controller.refreshConfig();
  }

  /** Re-read getHistory() and send it (e.g. after a run finished). */
  refreshHistory(): Promise<void> {
    return this.controller.refreshHistory();
  }

  /** Show an error in the panel (e.g. a run could not start). */
  showError(message: string, context?: 'run' | 'budget' | 'history' | 'config'): void {
    this.controller.showError(message, context);
  }

  /** Bring the panel into view (when it has been resolved before). */
  reveal(preserveFocus = true): void {
    this.view?.show(preserveFocus);
  }

  /** Handles `raw` as if the webview had sent it (integration tests drive the handlers this way). */
  receive(raw: unknown): Promise<void> {
    return this.controller.receive(raw);
  }

  /** Folds the events queued for the next batch now (tests read `state` after it). */
  flush(): void {
    this.controller.flush();
  }

  /** The folded panel state (what the webview shows after the next frame). */
  get state(): PanelState {
    return this.controller.current;
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  dispose(): void {
    this.resolvedEmitter.dispose();
    this.controller.dispose();
    this.disposeViewSubscriptions();
    this.view = undefined;
  }

  private disposeViewSubscriptions(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
