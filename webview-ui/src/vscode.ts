// The webview's handle on the extension: typed, validated in both directions.
import type { PanelState, ToExtension } from '../../src/core/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the view being hidden (no retainContextWhenHidden). */
export interface UiState {
  tab: number;
  task: string;
  strategy: string | null;
  model: string | null;
  /** Last panel state: painted at once on reopen, replaced by the snapshot. */
  panel: PanelState | null;
  budgetDrafts: Record<string, string>;
}

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: (m) => console.log('[panel → extension]', m), getState: () => undefined, setState: () => undefined };

export function send(message: ToExtension): void {
  api.postMessage(message);
}

export function loadUiState(): UiState {
  const s = api.getState() as Partial<UiState> | undefined;
  return {
    tab: typeof s?.tab === 'number' ? s.tab : 0,
    task: typeof s?.task === 'string' ? s.task : '',
    strategy: typeof s?.strategy === 'string' ? s.strategy : null,
    model: typeof s?.model === 'string' ? s.model : null,
    panel: s?.panel && typeof s.panel === 'object' && (s.panel as PanelState).v === 1 ? (s.panel as PanelState) : null,
    budgetDrafts: s?.budgetDrafts && typeof s.budgetDrafts === 'object' ? s.budgetDrafts : {},
  };
}

export function saveUiState(state: UiState): void {
  api.setState(state);
}
