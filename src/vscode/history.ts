// The panel's History tab data: past runs from the run index and daily /
// monthly workspace spend from the spend ledger's own totals. Pure (no
// `vscode`): the ledger adapter passes the store's day totals in.
import type { SpendTotals } from '../core/budget/store-format';
import { dayKey, monthOfDay } from '../core/budget/store-format';
import type { HistoryData, HistoryRun, SpendBucket } from '../core/protocol';
import type { RunRecord } from './runIndex';

export const HISTORY_RUNS = 200;
export const HISTORY_DAYS = 400;
export const HISTORY_MONTHS = 240;

export interface HistoryInput {
  /** SpendStore.totalsByDay(): YYYY-MM-DD → totals (compacted days included). */
  days: ReadonlyMap<string, SpendTotals>;
  /** Run index records, oldest first. */
  runs: readonly RunRecord[];
  /** The workspace caps (null = no cap). */
  dailyUsd: number | null;
  monthlyUsd: number | null;
  /** Day boundaries of the ledger. */
  utc: boolean;
}

export function historyData(input: HistoryInput): HistoryData {
  const runsPerDay = new Map<string, number>();
  for (const r of input.runs) {
    const d = dayKey(r.endTs, input.utc);
    runsPerDay.set(d, (runsPerDay.get(d) ?? 0) + 1);
  }
  const dayKeys = new Set([...input.days.keys(), ...runsPerDay.keys()]);
  const daily: SpendBucket[] = [...dayKeys].sort().map((period) => {
    const t = input.days.get(period);
    return { period, usd: t?.usd ?? 0, tokens: t ? t.inputTokens + t.outputTokens : 0, toolCalls: t?.toolCalls ?? 0, runs: runsPerDay.get(period) ?? 0 };
  });
  const months = new Map<string, SpendBucket>();
  for (const d of daily) {
    const period = monthOfDay(d.period);
    const m = months.get(period) ?? { period, usd: 0, tokens: 0, toolCalls: 0, runs: 0 };
    m.usd += d.usd;
    m.tokens += d.tokens;
    m.toolCalls += d.toolCalls;
    m.runs += d.runs;
    months.set(period, m);
  }
  const runs: HistoryRun[] = input.runs
    .slice(-HISTORY_RUNS)
    .reverse()
    .map((r) => ({ runId: r.runId, ts: r.ts, task: r.task, strategy: r.strategy, model: r.model, stoppedBy: r.stoppedBy, spent: { ...r.spent }, steps: r.steps }));
  return {
    runs,
    daily: daily.slice(-HISTORY_DAYS),
    monthly: [...months.values()].slice(-HISTORY_MONTHS),
    caps: { dailyUsd: input.dailyUsd, monthlyUsd: input.monthlyUsd },
  };
}
