// Status bar item: the current run's spend against its budget, or today's
// workspace spend when no run is active. Click opens the spend panel.
import * as vscode from 'vscode';
import type { AgentEvent } from '../core/events/types';
import type { Tier } from '../core/budget/usage';

const usd = (v: number) => `$${v < 1 ? v.toFixed(4) : v.toFixed(2)}`;

export class SpendStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('budgetAgent.spend', vscode.StatusBarAlignment.Right, 100);
  private running = false;

  constructor() {
    this.item.name = 'Budget Agent Spend';
    this.item.command = 'budgetAgent.showPanel';
    this.showIdle(0);
    this.item.show();
  }

  showIdle(todayUsd: number): void {
    if (this.running) return;
    this.item.text = `$(pulse) ${usd(todayUsd)} today`;
    this.item.tooltip = 'Budget Agent: spent in this workspace today. Click to open the spend panel.';
    this.item.backgroundColor = undefined;
  }

  /** Feed every run event; `spend` events drive the live text. */
  onEvent(event: AgentEvent): void {
    if (event.type === 'run_started') this.running = true;
    if (event.type === 'spend') {
      this.running = true;
      const { spent, limits } = event;
      const tokens = spent.inputTokens + spent.outputTokens;
      const parts = [limits.maxUsd !== undefined ? `${usd(spent.usd)}/${usd(limits.maxUsd)}` : usd(spent.usd)];
      if (limits.maxTokens !== undefined) parts.push(`${tokens}/${limits.maxTokens} tok`);
      this.item.text = `$(loading~spin) ${parts.join(' · ')}`;
      this.item.tooltip = `Budget Agent run: ${Math.round(event.fractionRemaining * 100)}% of the tightest budget left (tier ${event.tier}). Click to open the spend panel.`;
      this.item.backgroundColor = tierColor(event.tier);
    }
    if (event.type === 'run_finished') {
      this.running = false;
      this.item.text = `$(pulse) ${usd(event.spent.usd)} last run`;
      this.item.backgroundColor = undefined;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}

function tierColor(tier: Tier): vscode.ThemeColor | undefined {
  if (tier === 'CRITICAL') return new vscode.ThemeColor('statusBarItem.errorBackground');
  if (tier === 'LOW') return new vscode.ThemeColor('statusBarItem.warningBackground');
  return undefined;
}
