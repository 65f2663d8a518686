// Public API of the budget core. Typical wiring (extension or CLI):
//
//   const store = await SpendStore.open(path.join(storageDir, 'spend.jsonl'));
//   const workspace = new WorkspaceBudget({ dailyUsd: 5, monthlyUsd: 50, store });
//   const budget = new RunBudget({ runId, limits, parent: workspace,
//     pricing: new PriceTable(settings.pricing), provider: 'openai', events });
//   …run the agent with `budget` as its BudgetGate…
//   await store.close(); // on deactivate / CLI exit
export * from './usage';
export * from './gate';
export { PriceTable, DEFAULT_MODEL_PRICES, DEFAULT_ALIASES, DEFAULT_TOOL_CALL_USD, LOCAL_PROVIDERS, tokenCostUsd, unifiedCostUsd } from './pricing';
export type { ModelPrice, UserPriceTable } from './pricing';
export { TIER_INSTRUCTIONS, TIER_THRESHOLDS, tierFor } from './tiers';
export { renderTrackerBlock, formatCount, formatUsd } from './tracker';
export type { TrackerState } from './tracker';
export { Ledger, limitOf, limitedResources } from './ledger';
export type { Clock, LedgerOptions, Resource } from './ledger';
export { BudgetScope, Hold, stopReasonOf, available } from './scope';
export type { Amount, Cap, SpendScope } from './scope';
export { clampCompletion, tokensAffordable } from './clamp';
export type { ClampRequest, ClampResult } from './clamp';
export { RunBudget } from './run-budget';
export type { RunBudgetOptions, PlanRequest } from './run-budget';
export { WorkspaceBudget } from './workspace';
export type { WorkspaceBudgetOptions } from './workspace';
export { SpendStore } from './store';
export type { SpendSink, SpendStoreOptions, LoadReport } from './store';
export { addTotals, dayKey, emptyTotals, monthOfDay } from './store-format';
export type { SpendEntry, SpendTotals, StoredLine } from './store-format';
export { toCsv, toJson, CSV_COLUMNS } from './export';
export type { JsonExport } from './export';
