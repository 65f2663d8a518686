// Crash-loop worker: records charges the way a run does — plan under the
// workspace caps, charge through RunBudget into the SpendStore — and, after
// each flush, tells the parent (IPC) which charges are now committed on disk.
// The parent SIGKILLs it at a random moment and checks the file afterwards.
//
//   node out/test/crash/worker.js '<json WorkerConfig>'   (spawned with an IPC channel)
import { RunBudget, SpendStore, WorkspaceBudget } from '../../src/core/budget';
import { mulberry32 } from '../../src/core/models/onnx/sampler';

export interface WorkerConfig {
  ledger: string;
  /** Unique per iteration: charges are tagged `<tag>-<n>` in requestId. */
  tag: string;
  seed: number;
  dailyUsd?: number;
  monthlyUsd?: number;
  /** Flush after every this many charges (1..n). */
  flushEvery: number;
  /** Compact when the file grows past this (0 = never). */
  compactAtBytes: number;
  /** Stop (exit 0) after this many charges, so a worker that is not killed still ends. */
  maxCharges: number;
}

export type WorkerMessage =
  | { type: 'ready'; spentTodayUsd: number; spentMonthUsd: number }
  | { type: 'committed'; ids: string[]; usd: number[] }
  | { type: 'refused'; reason: string; charges: number };

/** The largest single charge the worker makes (the parent uses it for the cap checks). */
export const MAX_INPUT_TOKENS = 2000;
export const MAX_OUTPUT_TOKENS = 500;
export const MODEL = 'gpt-4o';

/** The sampler's seeded PRNG (mulberry32), reused for reproducible kill points. */
export const prng = mulberry32;

function send(msg: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(msg, undefined, undefined, () => resolve());
  });
}

async function main(config: WorkerConfig): Promise<void> {
  const random = prng(config.seed);
  const store = await SpendStore.open(config.ledger, { compactAtBytes: config.compactAtBytes, batchMs: 1 + Math.floor(random() * 5) });
  const workspace = new WorkspaceBudget({ dailyUsd: config.dailyUsd, monthlyUsd: config.monthlyUsd, store });
  await send({ type: 'ready', spentTodayUsd: workspace.spentToday(), spentMonthUsd: workspace.spentThisMonth() });
  const budget = new RunBudget({ runId: config.tag, provider: 'openai', model: MODEL, parent: workspace, inputSafetyMargin: 0 });
  let pending: { id: string; usd: number }[] = [];
  for (let n = 0; n < config.maxCharges; n++) {
    const inputTokens = 50 + Math.floor(random() * (MAX_INPUT_TOKENS - 50));
    // Plan the worst case of this call, as the agent loop does: refused at the cap.
    const plan = budget.planCompletion({ model: MODEL, estimatedInputTokens: inputTokens, wantedMaxOutputTokens: MAX_OUTPUT_TOKENS, minUsefulOutputTokens: MAX_OUTPUT_TOKENS });
    if (!plan.ok) {
      await store.flush();
      if (pending.length) await send({ type: 'committed', ids: pending.map((p) => p.id), usd: pending.map((p) => p.usd) });
      await send({ type: 'refused', reason: plan.reason, charges: n });
      await store.close();
      return;
    }
    const outputTokens = Math.floor(random() * plan.maxOutputTokens);
    const id = `${config.tag}-${n}`;
    const rec = budget.chargeModel(
      { inputTokens, cachedInputTokens: 0, outputTokens, reasoningTokens: 0, estimated: false },
      { runId: config.tag, step: n, model: MODEL, requestId: id, purpose: 'act' },
      plan.reservation,
    );
    pending.push({ id, usd: rec.delta.usd });
    // Pace like a run (a charge per model call), so kills land at every point between charges.
    if (random() < 0.5) await new Promise((resolve) => setTimeout(resolve, 1));
    if (pending.length >= config.flushEvery) {
      await store.flush();
      const done = pending;
      pending = [];
      await send({ type: 'committed', ids: done.map((p) => p.id), usd: done.map((p) => p.usd) });
    }
  }
  await store.close();
  if (pending.length) await send({ type: 'committed', ids: pending.map((p) => p.id), usd: pending.map((p) => p.usd) });
}

if (require.main === module) {
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
  main(config).then(
    () => process.disconnect?.(),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
