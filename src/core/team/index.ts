// Shared team budgets: an optional remote document with the team's monthly cap
// and spend, combined with local spend, turned into one more `maxUsd` cap.
//
// API
// ---
//   const team = createTeamBudgetSource({
//     url: settings.teamBudgetUrl,                  // JSON document, see schema.ts
//     headers: { authorization: await secrets.get(…) },
//     ttlMs: 5 * 60_000, timeoutMs: 3000,           // defaults
//   });
//   // Local spend the team figure does not have yet: a number, or a function
//   // of the document's updatedAt that sums the local ledger after it.
//   const allowance = await team.teamAllowance((sinceMs) => ledger.usdSince(sinceMs));
//   const { limits, refusal, notice } = applyTeamAllowance(runLimits, allowance);
//   if (notice) log.info(notice);                   // team figures, or "using local caps only"
//   if (refusal) return refuse(refusal);            // team cap reached: do not start
//   startRun({ …, limits });                        // maxUsd ≤ what the team has left
//
// `teamAllowance` never throws: an unreachable, slow or invalid source yields
// { status: 'unavailable', message } and the run keeps its local caps.
export { createTeamBudgetSource } from './source';
export type { LocalUnsynced, TeamAllowance, TeamBudgetSource, TeamBudgetSourceOptions, TeamSnapshot } from './source';
export { applyTeamAllowance, teamLimits } from './limits';
export type { TeamAdjustedLimits } from './limits';
export { TeamBudgetDocSchema, parseTeamBudgetDoc, periodOf } from './schema';
export type { TeamBudgetDoc } from './schema';
