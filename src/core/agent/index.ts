// Public surface of the agent loop.
export { runAgent, STRATEGY_IMPLEMENTATIONS, type Strategy } from './run';
export { RunContext, RunStopped, CandidateRank } from './context';
export { callModel, type ModelCallRequest } from './model-call';
export { executeToolCall, toolOutputBytes } from './tool-exec';
export { allocateBudget, scheduleWeight, normalizeCredits, totalBudgetFor, e3, BUDGET_SCHEDULES, DEFAULT_COMPLEXITY_BUDGETS } from './allocation';
export { parseSubQuestions, parseRating } from './strategies/plan-and-budget';
export { Checklist, parseChecklist } from './bats/checklist';
export { parseVerdict, VerdictSchema, type Verdict } from './bats/verifier';
export { extractAnswer } from './strategies/bats';
export { routeTask, routeFor, parseRouteMode, type Route } from './router';
export * from './types';
