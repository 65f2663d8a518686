// From a team allowance to the run's BudgetLimits: what is left of the team's
// month becomes one more `maxUsd` cap, so the budget core's own clamp and
// refusals enforce it (a run stops at budget:usd when the team cap is reached).
import type { BudgetLimits } from '../budget/usage';
import type { TeamAllowance } from './source';

/** The extra limit the team imposes: `{ maxUsd }`, `{ maxUsd: 0 }` when refused, `{}` when unavailable. */
export function teamLimits(allowance: TeamAllowance): BudgetLimits {
  switch (allowance.status) {
    case 'allowed':
      return { maxUsd: allowance.remainingUsd };
    case 'refused':
      // Zero, not absent: a caller that ignores the refusal still cannot spend.
      return { maxUsd: 0 };
    case 'unavailable':
      return {};
  }
}

export interface TeamAdjustedLimits {
  /** The run's limits with the team cap folded in (the tighter `maxUsd` wins). */
  limits: BudgetLimits;
  /** Set when the run must not start; show it to the user. */
  refusal?: string;
  /** Something to tell the user (team figures, or why only local caps apply). */
  notice?: string;
}

export function applyTeamAllowance(limits: BudgetLimits, allowance: TeamAllowance): TeamAdjustedLimits {
  const team = teamLimits(allowance);
  const merged: BudgetLimits = { ...limits };
  if (team.maxUsd !== undefined) merged.maxUsd = Math.min(limits.maxUsd ?? Infinity, team.maxUsd);
  switch (allowance.status) {
    case 'allowed':
      return { limits: merged, notice: allowance.message };
    case 'refused':
      return { limits: merged, refusal: allowance.reason, notice: allowance.reason };
    case 'unavailable':
      return { limits: merged, notice: allowance.message };
  }
}
