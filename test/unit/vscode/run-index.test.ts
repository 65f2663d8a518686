import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunIndex, TASK_CHARS, truncateTask, type RunRecord } from '../../../src/vscode/runIndex';
import { historyData } from '../../../src/vscode/history';
import { emptyTotals, dayKey } from '../../../src/core/budget/store-format';
import type { SpendTotals } from '../../../src/core/budget/store-format';
import { historyDataSchema } from '../../../src/core/protocol';
import { ZERO_USAGE } from '../../../src/core/budget/usage';

const dir = () => mkdtempSync(join(tmpdir(), 'run-index-'));
const rec = (i: number, over: Partial<RunRecord> = {}): RunRecord => ({
  runId: `r${i}`,
  ts: 1_700_000_000_000 + i * 1000,
  endTs: 1_700_000_000_500 + i * 1000,
  task: `task ${i}`,
  strategy: 'react',
  provider: 'openai',
  model: 'gpt-4o-mini',
  stoppedBy: 'answer',
  spent: { ...ZERO_USAGE, inputTokens: 10 * i, outputTokens: i, usd: 0.001 * i },
  steps: 1,
  ...over,
});

test('appends one line per run and reads them back after reopening', async () => {
  const file = join(dir(), 'runs.jsonl');
  const ix = await RunIndex.open(file);
  await ix.append(rec(1));
  await ix.append(rec(2, { stoppedBy: 'budget:usd', error: undefined }));
  assert.equal(readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 2);
  const again = await RunIndex.open(file);
  assert.deepEqual(again.all().map((r) => r.runId), ['r1', 'r2']);
  assert.equal(again.all()[1]!.stoppedBy, 'budget:usd');
  assert.deepEqual(again.loadReport, { runs: 2, skippedLines: 0, tornTail: false });
});

test('skips unreadable lines and cuts a torn last line before appending', async () => {
  const file = join(dir(), 'runs.jsonl');
  writeFileSync(file, `${JSON.stringify(rec(1))}\nnot json\n${JSON.stringify({ ...rec(2), stoppedBy: 'whatever' })}\n`);
  appendFileSync(file, JSON.stringify(rec(3)).slice(0, 40)); // a crash mid-write
  const ix = await RunIndex.open(file);
  assert.deepEqual(ix.loadReport, { runs: 1, skippedLines: 3, tornTail: true });
  await ix.append(rec(4));
  const again = await RunIndex.open(file);
  assert.deepEqual(again.all().map((r) => r.runId), ['r1', 'r4']);
  assert.equal(again.loadReport.tornTail, false);
});

test('records a run from its run_started and run_finished events, task truncated', async () => {
  const file = join(dir(), 'runs.jsonl');
  const ix = await RunIndex.open(file);
  const long = 'Explain '.repeat(100);
  const limits = { maxTokens: 1000 };
  ix.observe({ type: 'run_started', runId: 'x', ts: 1000, task: long, strategy: 'auto', provider: 'onnx', model: 'stories260K', limits });
  ix.observe({ type: 'spend', runId: 'x', ts: 1100, spent: { ...ZERO_USAGE }, limits, fractionRemaining: 1, tier: 'HIGH' });
  ix.observe({ type: 'run_finished', runId: 'x', ts: 2000, answer: 'a', stoppedBy: 'cancelled', spent: { ...ZERO_USAGE, outputTokens: 7 }, limits, steps: 2, strategy: 'react' });
  await ix.flush();
  const [r] = (await RunIndex.open(file)).all();
  assert.ok(r);
  assert.equal(r.task.length, TASK_CHARS);
  assert.ok(r.task.endsWith('…'));
  assert.deepEqual({ ...r, task: '' }, { runId: 'x', ts: 1000, endTs: 2000, task: '', strategy: 'react', provider: 'onnx', model: 'stories260K', stoppedBy: 'cancelled', spent: { ...ZERO_USAGE, outputTokens: 7 }, steps: 2 });
  assert.equal(truncateTask('  a\n b  '), 'a b');
});

test('history: runs newest first, daily and monthly buckets from the ledger totals, caps', () => {
  const day1 = 1_700_000_000_000;
  const d1 = dayKey(day1);
  const d2 = dayKey(day1 + 40 * 86_400_000);
  const t = (usd: number, tokens: number): SpendTotals => ({ ...emptyTotals(), usd, inputTokens: tokens, charges: 1 });
  const data = historyData({
    days: new Map([
      [d1, t(0.5, 100)],
      [d2, t(0.25, 50)],
    ]),
    runs: [rec(1, { endTs: day1 }), rec(2, { endTs: day1 + 40 * 86_400_000 }), rec(3, { endTs: day1 + 40 * 86_400_000 })],
    dailyUsd: 5,
    monthlyUsd: null,
    utc: false,
  });
  assert.ok(historyDataSchema.safeParse(data).success);
  assert.deepEqual(data.runs.map((r) => r.runId), ['r3', 'r2', 'r1']);
  assert.deepEqual(data.daily, [
    { period: d1, usd: 0.5, tokens: 100, toolCalls: 0, runs: 1 },
    { period: d2, usd: 0.25, tokens: 50, toolCalls: 0, runs: 2 },
  ]);
  assert.deepEqual(data.monthly.map((m) => [m.period, m.usd, m.runs]), [
    [d1.slice(0, 7), 0.5, 1],
    [d2.slice(0, 7), 0.25, 2],
  ]);
  assert.deepEqual(data.caps, { dailyUsd: 5, monthlyUsd: null });
});
