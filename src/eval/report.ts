// The evaluation report: per strategy × budget figures as JSON and as a
// Markdown table. Built from the results file alone, so a report can be
// re-rendered (e.g. with other prices) without running anything again.
import type { StrategyName } from '../core/agent/types';
import type { BudgetKind, BudgetSpec } from './budgets';
import { cellStats, type CellStats, type CostModel } from './metrics';
import { resultKey, type RunRecord } from './results';

export interface CellReport extends CellStats {
  budgetKind: BudgetKind;
  /** Position of the budget on the scaling curve (tool calls, tokens or USD). */
  budgetSize: number;
  /** Runs of this cell that the grid asks for; `runs` < `expectedRuns` while results are missing. */
  expectedRuns: number;
}

export interface PricingInfo {
  input: number | null;
  cachedInput: number | null;
  output: number | null;
  toolCallUsd: number;
  /** Where the token prices came from. */
  source: 'override' | 'table' | 'local' | 'unpriced';
}

export interface EvalReport {
  version: 1;
  generatedAt: string;
  suite: { file: string; tasks: number };
  provider: string;
  model: string;
  baseUrl?: string;
  seed: number;
  repeats: number;
  strategies: StrategyName[];
  budgets: string[];
  pricing: PricingInfo;
  totals: { expectedRuns: number; completedRuns: number; errors: number };
  /** Every cell's max overshoot is 0: no hard cap was ever exceeded. */
  capsHeld: boolean;
  cells: CellReport[];
}

export interface ReportInput {
  suiteFile: string;
  taskIds: readonly string[];
  strategies: readonly StrategyName[];
  budgets: readonly BudgetSpec[];
  repeats: number;
  seed: number;
  provider: string;
  model: string;
  baseUrl?: string;
  pricing: PricingInfo;
  cost: CostModel;
  records: ReadonlyMap<string, RunRecord>;
  now?: Date;
}

export function buildReport(input: ReportInput): EvalReport {
  const cells: CellReport[] = [];
  let completed = 0;
  let errors = 0;
  for (const strategy of input.strategies) {
    for (const budget of input.budgets) {
      const runs: RunRecord[] = [];
      for (const task of input.taskIds) {
        for (let repeat = 0; repeat < input.repeats; repeat++) {
          const rec = input.records.get(resultKey(task, strategy, budget.label, repeat));
          if (rec) runs.push(rec);
        }
      }
      const stats = cellStats(strategy, budget.label, runs, input.cost);
      completed += stats.runs;
      errors += stats.errors;
      cells.push({ ...stats, budgetKind: budget.kind, budgetSize: budget.size, expectedRuns: input.taskIds.length * input.repeats });
    }
  }
  return {
    version: 1,
    generatedAt: (input.now ?? new Date()).toISOString(),
    suite: { file: input.suiteFile, tasks: input.taskIds.length },
    provider: input.provider,
    model: input.model,
    ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
    seed: input.seed,
    repeats: input.repeats,
    strategies: [...input.strategies],
    budgets: input.budgets.map((b) => b.label),
    pricing: input.pricing,
    totals: { expectedRuns: input.taskIds.length * input.repeats * input.strategies.length * input.budgets.length, completedRuns: completed, errors },
    capsHeld: cells.every((c) => c.capOvershoot === 0),
    cells,
  };
}

// ---------------------------------------------------------------- Markdown

export function formatUsd(usd: number | null): string {
  if (usd === null) return '∞';
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 0.1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(3)}`;
}

export function formatE3(value: number): string {
  return value === 0 ? '0' : value.toExponential(3);
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const fixed = (x: number, d = 1): string => x.toFixed(d);

export const MARKDOWN_COLUMNS = [
  'strategy',
  'budget',
  'runs',
  'accuracy',
  'mean cost',
  'cost of pass',
  'mean tokens',
  'mean tool calls',
  'E³ = A²/T',
  'cap overshoot',
] as const;

/** One row per strategy × budget, in grid order. */
export function markdownTable(report: EvalReport): string {
  const rows = report.cells.map((c) => [
    c.strategy,
    c.budget,
    c.runs === c.expectedRuns ? String(c.runs) : `${c.runs}/${c.expectedRuns}`,
    `${pct(c.accuracy)} (${c.correct})`,
    formatUsd(c.meanCostUsd),
    formatUsd(c.costOfPassUsd),
    fixed(c.meanTokens, 0),
    fixed(c.meanToolCalls, 2),
    formatE3(c.e3),
    c.capOvershoot === 0 ? '0' : `**${c.capOvershoot}**`,
  ]);
  const header = `| ${MARKDOWN_COLUMNS.join(' | ')} |`;
  const rule = `|${MARKDOWN_COLUMNS.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`;
  return [header, rule, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function markdownReport(report: EvalReport, plots: readonly string[] = []): string {
  const p = report.pricing;
  const prices =
    p.source === 'unpriced'
      ? 'model not in the price table: tokens counted at $0 (pass --price to set one)'
      : `$${p.input}/$${p.cachedInput}/$${p.output} per 1M input/cached/output tokens (${p.source})`;
  const lines = [
    '# Cost–accuracy evaluation',
    '',
    `- suite: \`${report.suite.file}\` (${report.suite.tasks} tasks), ${report.repeats} repeat(s), seed ${report.seed}`,
    `- model: \`${report.model}\` via ${report.provider}${report.baseUrl ? ` at ${report.baseUrl}` : ''}`,
    `- unified cost C = c_tokens + tool calls × $${p.toolCallUsd}; token prices: ${prices}`,
    `- runs: ${report.totals.completedRuns}/${report.totals.expectedRuns} completed, ${report.totals.errors} ended in an error`,
    `- hard caps: ${report.capsHeld ? 'held in every run (overshoot 0)' : '**EXCEEDED** — see the cap overshoot column'}`,
    '',
    markdownTable(report),
    '',
    'Cost of pass = total unified cost / correct answers (∞ when none is correct). E³ = accuracy² / mean tokens per run.',
  ];
  if (plots.length > 0) {
    lines.push('', '## Plots', '');
    for (const plot of plots) lines.push(`![${plot}](${plot})`);
  }
  return `${lines.join('\n')}\n`;
}
