// `budget-agent ledger`: the workspace's recorded spend, per day and in total,
// read from the same JSONL ledger the runs append to.
import { stat } from 'node:fs/promises';
import { addTotals, emptyTotals, SpendStore, type SpendTotals } from '../core/budget';
import type { LedgerConfig } from './args';
import type { CliIO } from './io';

const n = (x: number) => x.toLocaleString('en-US');

export async function ledgerCommand(config: LedgerConfig, io: CliIO): Promise<number> {
  const exists = await stat(config.ledger).then((s) => s.isFile()).catch(() => false);
  const total = emptyTotals();
  const days: Record<string, SpendTotals> = {};
  if (exists) {
    const store = await SpendStore.open(config.ledger);
    try {
      for (const [day, t] of [...store.totalsByDay()].sort(([a], [b]) => a.localeCompare(b))) {
        days[day] = { ...t };
        addTotals(total, t);
      }
    } finally {
      await store.close();
    }
  }
  if (config.json) {
    io.stdout(`${JSON.stringify({ ledger: config.ledger, days, total })}\n`);
    return 0;
  }
  if (!exists || total.charges === 0) {
    io.stdout(`No spend recorded in ${config.ledger}.\n`);
    return 0;
  }
  const line = (label: string, t: SpendTotals) =>
    `${label.padEnd(10)}  ${n(t.inputTokens).padStart(12)} in  ${n(t.outputTokens).padStart(10)} out  ${n(t.reasoningTokens).padStart(9)} think  ${String(t.toolCalls).padStart(6)} tools  $${t.usd.toFixed(4).padStart(10)}`;
  io.stdout(`Spend recorded in ${config.ledger}\n`);
  for (const [day, t] of Object.entries(days)) io.stdout(`${line(day, t)}\n`);
  io.stdout(`${line('total', total)}\n`);
  return 0;
}
