import * as vscode from 'vscode';
import type { BudgetAgentApi } from '../../../src/extension';

export const EXTENSION_ID = 'budget-agent.budget-agent';

export async function activateExtension(): Promise<{ ext: vscode.Extension<BudgetAgentApi>; api: BudgetAgentApi }> {
  const ext = vscode.extensions.getExtension<BudgetAgentApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  return { ext, api };
}

/** Polls `predicate` until it is truthy or `ms` passes. */
type Falsy = undefined | null | false | 0 | '';
export async function waitFor<T>(what: string, predicate: () => T | Falsy | Promise<T | Falsy>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value as T;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sets budgetAgent.* workspace settings; the returned function restores the previous workspace values. */
export async function setWorkspaceSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const cfg = vscode.workspace.getConfiguration('budgetAgent');
  const before = new Map(Object.keys(values).map((k) => [k, cfg.inspect(k)?.workspaceValue]));
  for (const [k, v] of Object.entries(values)) await cfg.update(k, v, vscode.ConfigurationTarget.Workspace);
  return async () => {
    for (const [k, v] of before) await cfg.update(k, v, vscode.ConfigurationTarget.Workspace);
  };
}
