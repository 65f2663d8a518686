// The team's shared monthly budget (budgetAgent.team.budgetUrl, token from
// SecretStorage), folded into a run's limits before it starts: the run's
// maxUsd becomes at most what the team has left; a team at its cap refuses the
// run; an unusable source is said once (and logged every time) and the run
// keeps its local caps. The core does the fetching, caching and arithmetic.
import * as vscode from 'vscode';
import type { BudgetLimits } from '../../core/budget/usage';
import { applyTeamAllowance, createTeamBudgetSource, type TeamAdjustedLimits, type TeamBudgetSource } from '../../core/team';
import type { WorkspaceLedger } from '../ledger';
import { readScopedSetting } from '../tools/scopedSettings';
import { isHttpUrl, teamAuthHeaders } from './options';

export const TEAM_TOKEN_SECRET = 'budgetAgent.team.token';

export class TeamBudgets {
  private source: { key: string; source: TeamBudgetSource } | undefined;
  /** Set while the source is unusable and the user has been told: told again only after it recovered. */
  private outageShown = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    /** How the user is told (tests capture it). */
    private readonly notify: (message: string) => void = (m) => void vscode.window.showWarningMessage(m),
  ) {}

  /** `limits` with the team allowance applied; `refusal` set when the team is at its cap. */
  async adjust(limits: BudgetLimits, ledger: WorkspaceLedger, trusted: boolean = vscode.workspace.isTrusted): Promise<TeamAdjustedLimits> {
    const url = (readScopedSetting<string>('team.budgetUrl', trusted) ?? '').trim();
    if (!url) return { limits };
    if (!isHttpUrl(url)) {
      this.unavailable('budgetAgent.team.budgetUrl is not an http(s) URL; using local budget caps only.');
      return { limits };
    }
    const source = await this.sourceFor(url);
    const store = await ledger.open();
    const past = await store.readAll();
    // Local spend recorded after the document's updatedAt, which it cannot include yet.
    const allowance = await source.teamAllowance((since) => past.reduce((sum, l) => (l.k === 'c' && l.ts > since ? sum + l.usd : sum), 0));
    const adjusted = applyTeamAllowance(limits, allowance);
    if (allowance.status === 'unavailable') this.unavailable(allowance.message);
    else {
      this.outageShown = false;
      if (adjusted.notice) this.log.info(`team budget: ${adjusted.notice}`);
    }
    return adjusted;
  }

  /** Stores the access token for the team budget URL (empty removes it). */
  async storeToken(token: string): Promise<void> {
    this.source = undefined;
    if (token.trim()) await this.secrets.store(TEAM_TOKEN_SECRET, token.trim());
    else await this.secrets.delete(TEAM_TOKEN_SECRET);
  }

  /** `budgetAgent.setTeamToken`: a password input box. */
  async promptAndStoreToken(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Budget Agent: Team Budget Token',
      prompt: 'Access token for budgetAgent.team.budgetUrl, sent as "Authorization: Bearer <token>" (or give "Scheme credentials"). Stored in VS Code Secret Storage. Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    await this.storeToken(value);
    this.log.info(value.trim() ? 'team budget token stored' : 'team budget token removed');
    void vscode.window.showInformationMessage(`Budget Agent: team budget token ${value.trim() ? 'stored' : 'removed'}.`);
  }

  /** Forget the cached document (tests; a changed URL or token does this by itself). */
  invalidate(): void {
    this.source?.source.invalidate();
  }

  private async sourceFor(url: string): Promise<TeamBudgetSource> {
    const headers = teamAuthHeaders(await this.secrets.get(TEAM_TOKEN_SECRET));
    // In memory only: the key holds the token.
    const key = JSON.stringify([url, headers]);
    if (this.source?.key !== key) this.source = { key, source: createTeamBudgetSource({ url, headers }) };
    return this.source.source;
  }

  private unavailable(message: string): void {
    this.log.warn(`team budget: ${message}`);
    if (this.outageShown) return;
    this.outageShown = true;
    this.notify(`Budget Agent: ${message}`);
  }
}
