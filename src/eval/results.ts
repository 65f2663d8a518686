// The results file: one JSON line per finished run, appended as runs finish,
// keyed by (task, strategy, budget, repeat). A rerun with --resume skips keys
// already present; a line cut short by an interrupted run is ignored.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { StrategyName } from '../core/agent/types';
import type { BudgetLimits, StopReason, Usage } from '../core/budget/usage';

export interface RunRecord {
  key: string;
  task: string;
  strategy: StrategyName;
  /** Budget label (see budgets.ts). */
  budget: string;
  repeat: number;
  /** Seed sent with every model call of this run. */
  seed: number;
  provider: string;
  model: string;
  answer: string | null;
  correct: boolean;
  stoppedBy: StopReason;
  error?: string;
  /** What the run's ledger recorded: tokens, tool calls, USD (tokens at the model's price + tool calls). */
  spent: Usage;
  limits: BudgetLimits;
  steps: number;
  /** Model calls seen on the event stream (every purpose: act, verify, decompose, …). */
  modelCalls: number;
  wallMs: number;
  finishedAt: string;
}

export function resultKey(task: string, strategy: string, budget: string, repeat: number): string {
  return `${task}|${strategy}|${budget}|${repeat}`;
}

/** Records by key; a later line for the same key replaces an earlier one. */
export function loadResults(file: string): Map<string, RunRecord> {
  const out = new Map<string, RunRecord>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let rec: RunRecord;
    try {
      rec = JSON.parse(line) as RunRecord;
    } catch {
      continue; // a line cut short by an interrupted run
    }
    if (typeof rec?.key === 'string') out.set(rec.key, rec);
  }
  return out;
}

/** Appends one record as a single write, so a crash leaves at most one partial line. */
export function appendResult(file: string, record: RunRecord): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** Runs that failed for reasons outside the method (network, server): retried on --resume. */
export function isInfrastructureFailure(rec: RunRecord): boolean {
  return rec.stoppedBy === 'error' || rec.stoppedBy === 'cancelled';
}
