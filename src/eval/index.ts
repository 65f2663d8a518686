// Public surface of the evaluation harness (Node only).
export { runEval, gridJobs, type EvalOptions, type EvalOutcome, type EvalProgress, type Job } from './runner';
export { evalMain, parseEvalArgs, EVAL_USAGE } from './main';
export { loadSuite, parseSuite, validateSuite, selectTasks, fixtureDir, taskSchema, TASK_TAGS, SuiteError, type EvalTask, type Suite } from './suite';
export { checkAnswer, checkerSchema, normalizeAnswer, numbersIn, NAMED_CHECKERS, type Checker } from './checkers';
export { parseBudget, parseBudgets, DEFAULT_BUDGETS, type BudgetSpec, type BudgetKind } from './budgets';
export { unifiedCost, costOfPass, e3, overshootOf, maxOvershoot, cellStats, type CellStats, type CostModel } from './metrics';
export { buildReport, markdownReport, markdownTable, type EvalReport, type CellReport } from './report';
export { renderPlots, renderSvg, accuracyVsCostSpec, scalingSpec } from './plots';
export { loadResults, resultKey, type RunRecord } from './results';
