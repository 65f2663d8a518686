// Ledger benchmark: how many charges per second the budget core records, in
// memory and with the JSONL spend store on, and what one charge costs the
// agent loop in microseconds. Target: ≥100,000 charges/s in memory, and a
// store that does not block the caller (append only queues; the write and
// fdatasync happen in the background and are timed separately by flush).
//
//   node node_modules/.bin/tsc -p tsconfig.test.json && node out/bench/ledger.js
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventStream } from '../src/core/events/emitter';
import { Ledger } from '../src/core/budget/ledger';
import { PriceTable } from '../src/core/budget/pricing';
import { RunBudget } from '../src/core/budget/run-budget';
import { SpendStore } from '../src/core/budget/store';
import { WorkspaceBudget } from '../src/core/budget/workspace';
import type { ReportedUsage } from '../src/core/models/types';

const N = 200_000;
const usage: ReportedUsage = { inputTokens: 1200, cachedInputTokens: 400, outputTokens: 300, reasoningTokens: 50, estimated: false };

/** A run as the agent loop sees it: workspace caps above, a panel listening. */
function makeRun(store?: SpendStore): RunBudget {
  const events = new EventStream();
  const seen = { spend: 0 };
  events.on((e) => {
    if (e.type === 'spend') seen.spend++;
  });
  const workspace = new WorkspaceBudget({ dailyUsd: 1e9, monthlyUsd: 1e10, store });
  return new RunBudget({
    runId: 'bench',
    // Huge caps: every charge is checked against them without ever stopping.
    limits: { maxTokens: 1e15, maxUsd: 1e9, maxToolCalls: 1e12, maxThinkingTokens: 1e15 },
    parent: workspace,
    pricing: new PriceTable(),
    events,
    keepRecords: false,
  });
}

/** Alternates model and tool charges, as a ReAct loop does. */
function charge(run: RunBudget, n: number): void {
  for (let i = 0; i < n; i++) {
    if (i & 1) run.chargeTool('read_file', { runId: 'bench', step: i });
    else run.chargeModel(usage, { runId: 'bench', step: i, model: 'gpt-4o-mini', purpose: 'act' });
  }
}

function timeIt(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function runLedgerBench(): Promise<Record<string, number>> {
  // Raw ledger: the floor under everything else.
  const ledger = new Ledger({ keepRecords: false });
  const delta = { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, toolCalls: 0, usd: 1e-6, seconds: 0 };
  const rawMs = timeIt(() => {
    for (let i = 0; i < N; i++) ledger.record({ runId: 'b', step: i }, delta, false);
  });

  // Full gate, in memory (warm up first so the JIT has settled).
  charge(makeRun(), 20_000);
  const memRun = makeRun();
  const memMs = timeIt(() => charge(memRun, N));

  // Plan + charge cycles: the per-request overhead the agent loop pays.
  const planRun = makeRun();
  const planMs = timeIt(() => {
    for (let i = 0; i < N / 4; i++) {
      const p = planRun.planCompletion({ model: 'gpt-4o-mini', estimatedInputTokens: 1000, wantedMaxOutputTokens: 512 });
      if (!p.ok) throw new Error(p.reason);
      planRun.chargeModel(usage, { runId: 'bench', step: i, model: 'gpt-4o-mini' }, p.reservation);
    }
  });

  // With persistence: what the caller waits for (append only queues), then
  // the time until everything is durably on disk.
  const dir = await mkdtemp(path.join(tmpdir(), 'ba-bench-'));
  let persist: { callerMs: number; totalMs: number; bytes: number };
  try {
    const store = await SpendStore.open(path.join(dir, 'spend.jsonl'), { compactAtBytes: 0 });
    const run = makeRun(store);
    const t0 = performance.now();
    // Yield between chunks like a real loop does, so background writes run.
    let callerMs = 0;
    const chunk = 1000;
    for (let done = 0; done < N; done += chunk) {
      callerMs += timeIt(() => charge(run, chunk));
      await new Promise((r) => setImmediate(r));
    }
    await store.flush();
    const totalMs = performance.now() - t0;
    persist = { callerMs, totalMs, bytes: store.sizeBytes() };
    await store.close();
    const check = await SpendStore.open(path.join(dir, 'spend.jsonl'));
    let charges = 0;
    for (const t of check.totalsByDay().values()) charges += t.charges;
    await check.close();
    if (charges !== N) throw new Error(`persisted ${charges} of ${N} charges`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const perSec = (ms: number, n = N): number => Math.round(n / (ms / 1000));
  return {
    ledgerRecordPerSec: perSec(rawMs),
    chargesPerSecInMemory: perSec(memMs),
    usPerChargeInMemory: (memMs * 1000) / N,
    planAndChargePerSec: perSec(planMs, N / 4),
    usPerPlanAndCharge: (planMs * 1000) / (N / 4),
    chargesPerSecPersistedCaller: perSec(persist.callerMs),
    usPerChargePersistedCaller: (persist.callerMs * 1000) / N,
    chargesPerSecPersistedDurable: perSec(persist.totalMs),
    persistedBytesPerCharge: persist.bytes / N,
  };
}

if (require.main === module) {
  runLedgerBench().then(
    (r) => {
      for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(32)} ${Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(3)}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
