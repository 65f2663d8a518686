import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, truncate, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SpendStore } from '../../../src/core/budget/store';
import type { SpendEntry } from '../../../src/core/budget/store-format';
import { dayKey, parseLine } from '../../../src/core/budget/store-format';
import { toCsv, toJson } from '../../../src/core/budget/export';
import { WorkspaceBudget } from '../../../src/core/budget/workspace';
import { RunBudget } from '../../../src/core/budget/run-budget';

const tmp = async (): Promise<string> => path.join(await mkdtemp(path.join(tmpdir(), 'ba-store-')), 'spend.jsonl');
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 2, 10, 12); // 2025-03-10

const entry = (i: number, extra: Partial<SpendEntry> = {}): SpendEntry => ({
  ts: T0 + i * 1000,
  runId: 'run-1',
  step: i,
  model: 'gpt-4o',
  inputTokens: 100 + i,
  cachedInputTokens: 0,
  outputTokens: 10,
  reasoningTokens: 0,
  toolCalls: 0,
  usd: 0.01,
  estimated: i % 2 === 1,
  ...extra,
});

test('append is queued, flush writes one line per charge, reload gives the same totals', async () => {
  const file = await tmp();
  const s = await SpendStore.open(file, { utc: true });
  for (let i = 0; i < 50; i++) s.append(entry(i));
  assert.equal(s.totalsForDay('2025-03-10').charges, 50, 'totals are live before the write');
  await s.flush();
  const text = await readFile(file, 'utf8');
  assert.equal(text.split('\n').length, 51);
  await s.close();
  const again = await SpendStore.open(file, { utc: true });
  const t = again.totalsForDay('2025-03-10');
  assert.equal(t.charges, 50);
  assert.equal(t.inputTokens, 50 * 100 + (49 * 50) / 2);
  assert.equal(t.estimatedCharges, 25);
  assert.ok(Math.abs(t.usd - 0.5) < 1e-9);
  assert.equal(again.totalsForMonth('2025-03').charges, 50);
  assert.deepEqual(again.loadReport, { lines: 50, skippedLines: 0, tornTail: false });
  await again.close();
});

test('writes happen in the background without flush (short batch timer)', async () => {
  const file = await tmp();
  const s = await SpendStore.open(file, { batchMs: 1 });
  s.append(entry(0));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await readFile(file, 'utf8')).trim().split('\n').length, 1);
  await s.close();
});

test('crash recovery: a torn last line is skipped and cut, nothing earlier is lost', async () => {
  const file = await tmp();
  const s = await SpendStore.open(file, { utc: true });
  for (let i = 0; i < 20; i++) s.append(entry(i));
  await s.close();
  const committed = await readFile(file, 'utf8');
  // Simulate a crash in the middle of writing record 21.
  const partial = committed + JSON.stringify({ k: 'c', ...entry(20) }).slice(0, 40);
  await writeFile(file, partial);
  const r = await SpendStore.open(file, { utc: true });
  assert.equal(r.loadReport.tornTail, true);
  assert.equal(r.loadReport.lines, 20);
  const t = r.totalsForDay('2025-03-10');
  assert.equal(t.charges, 20);
  assert.equal(t.inputTokens, 20 * 100 + (19 * 20) / 2);
  assert.equal((await stat(file)).size, Buffer.byteLength(committed), 'torn tail truncated');
  // The next append starts on a fresh line: nothing is glued to garbage.
  r.append(entry(21));
  await r.close();
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  assert.equal(lines.length, 21);
  assert.ok(lines.every((l) => parseLine(l) !== undefined));
});

test('crash recovery: truncating the file at every byte of the last record keeps the committed totals', async () => {
  const file = await tmp();
  const s = await SpendStore.open(file, { utc: true });
  for (let i = 0; i < 5; i++) s.append(entry(i));
  await s.close();
  const full = await readFile(file);
  const lastStart = full.subarray(0, full.length - 1).lastIndexOf(0x0a) + 1;
  for (let cut = lastStart + 1; cut < full.length; cut++) {
    await writeFile(file, full);
    await truncate(file, cut);
    const r = await SpendStore.open(file, { utc: true });
    assert.equal(r.totalsForDay('2025-03-10').charges, 4, `cut at ${cut}`);
    await r.close();
  }
});

test('a corrupt line in the middle is skipped and counted', async () => {
  const file = await tmp();
  const good = JSON.stringify({ k: 'c', ...entry(1) });
  await writeFile(file, `${good}\n{"k":"c","ts":"oops"}\nnot json\n${good}\n`);
  const r = await SpendStore.open(file);
  assert.equal(r.loadReport.lines, 2);
  assert.equal(r.loadReport.skippedLines, 2);
  await r.close();
});

test('append after close reports instead of throwing into the caller', async () => {
  const file = await tmp();
  const errors: unknown[] = [];
  const s = await SpendStore.open(file, { utc: true, onError: (e) => errors.push(e) });
  await s.close();
  s.append(entry(0));
  assert.equal(errors.length, 1);
  assert.equal(s.totalsForDay('2025-03-10').charges, 1);
  assert.equal(await readFile(file, 'utf8'), '');
});

test('only counts and identifiers are persisted, never extra fields', async () => {
  const file = await tmp();
  const s = await SpendStore.open(file);
  s.append({ ...entry(0), prompt: 'SECRET PROMPT', apiKey: 'sk-123' } as SpendEntry);
  await s.close();
  const text = await readFile(file, 'utf8');
  assert.ok(!text.includes('SECRET') && !text.includes('sk-123'));
});

test('compaction keeps recent charges, summarises old days, keeps every day total, and is atomic', async () => {
  const file = await tmp();
  const now = T0 + 40 * DAY;
  const s = await SpendStore.open(file, { utc: true, keepDetailDays: 7, compactAtBytes: 0, clock: () => now });
  for (let d = 0; d <= 40; d += 5) for (let i = 0; i < 10; i++) s.append(entry(i, { ts: T0 + d * DAY + i }));
  await s.flush();
  const before = new Map([...s.totalsByDay()].map(([k, v]) => [k, { ...v }]));
  const sizeBefore = (await stat(file)).size;
  await s.compact();
  assert.ok((await stat(file)).size < sizeBefore);
  const lines = await s.readAll();
  const days = lines.filter((l) => l.k === 'd');
  const charges = lines.filter((l) => l.k === 'c');
  assert.equal(charges.length, 20, 'the last 7 days (2 of them here) stay in detail');
  assert.equal(days.length, 7);
  s.append(entry(99, { ts: now }));
  await s.close();
  const r = await SpendStore.open(file, { utc: true });
  for (const [day, t] of before) {
    if (day === dayKey(now, true)) continue; // got one more charge after compaction
    const got = r.totalsForDay(day);
    assert.equal(got.charges, t.charges, day);
    assert.ok(Math.abs(got.usd - t.usd) < 1e-9, day);
    assert.equal(got.inputTokens, t.inputTokens, day);
  }
  assert.equal(r.totalsForDay(dayKey(now, true)).charges, 11);
  await r.close();
  const leftovers = (await readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, []);
});

test('automatic compaction when the file grows past the threshold', async () => {
  const file = await tmp();
  const s = await SpendStore.open(file, { utc: true, keepDetailDays: 1, compactAtBytes: 4096, clock: () => T0 + 30 * DAY });
  for (let i = 0; i < 200; i++) s.append(entry(i));
  await s.close();
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  assert.equal(lines.length, 1);
  assert.equal(parseLine(lines[0]!)?.k, 'd');
  const r = await SpendStore.open(file, { utc: true });
  assert.equal(r.totalsForDay('2025-03-10').charges, 200);
  await r.close();
});

test('export to CSV and JSON', async () => {
  const file = await tmp();
  const s = await SpendStore.open(file, { utc: true });
  s.append(entry(0, { tool: 'run_command', purpose: '=cmd,"x"' }));
  s.append(entry(1));
  const lines = await s.readAll();
  await s.close();
  const csv = toCsv(lines).split('\r\n');
  assert.equal(csv[0], 'kind,time,day,runId,step,model,tool,purpose,requestId,charges,inputTokens,cachedInputTokens,outputTokens,reasoningTokens,toolCalls,usd,estimated');
  assert.equal(csv[1], `charge,2025-03-10T12:00:00.000Z,,run-1,0,gpt-4o,run_command,"'=cmd,""x""",,1,100,0,10,0,0,0.01,false`);
  assert.equal(csv.length, 4);
  const json = toJson(lines);
  assert.equal(json.charges.length, 2);
  assert.equal(json.totals.inputTokens, 201);
  assert.equal(json.totals.estimatedCharges, 1);
});

test('daily and monthly caps survive a restart through the store', async () => {
  const file = await tmp();
  const now = Date.UTC(2025, 4, 20, 9);
  const s1 = await SpendStore.open(file, { utc: true });
  const ws1 = new WorkspaceBudget({ dailyUsd: 1, monthlyUsd: 3, store: s1, clock: () => now });
  const run = new RunBudget({ runId: 'a', parent: ws1, clock: () => now });
  for (let i = 0; i < 4; i++) run.chargeModel({ inputTokens: 100_000, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, estimated: false }, { runId: 'a', step: i, model: 'gpt-4o' });
  await s1.close();
  // An earlier day of the same month, written by another session.
  const s0 = await SpendStore.open(file, { utc: true });
  s0.append(entry(0, { ts: Date.UTC(2025, 4, 2), usd: 2 }));
  await s0.close();

  const s2 = await SpendStore.open(file, { utc: true });
  const ws2 = new WorkspaceBudget({ dailyUsd: 1, monthlyUsd: 3, store: s2, clock: () => now });
  assert.ok(Math.abs(ws2.spentToday() - 1) < 1e-9, `today $${ws2.spentToday()}`);
  assert.ok(Math.abs(ws2.spentThisMonth() - 3) < 1e-9);
  const next = new RunBudget({ runId: 'b', parent: ws2, clock: () => now });
  const p = next.planCompletion({ model: 'gpt-4o-mini', estimatedInputTokens: 10 });
  assert.ok(!p.ok && p.stoppedBy === 'budget:usd');
  assert.equal(next.tier(), 'CRITICAL');
  // Tomorrow the daily cap resets but the month is still spent.
  const tomorrow = new WorkspaceBudget({ dailyUsd: 1, monthlyUsd: 3, store: s2, clock: () => now + DAY });
  assert.equal(tomorrow.spentToday(), 0);
  assert.equal(tomorrow.caps(now + DAY).find((c) => c.scope === 'workspace.monthly')?.used, s2.totalsForMonth('2025-05').usd);
  await s2.close();
});

test('open removes compaction leftovers of dead processes and keeps a live one', async () => {
  const file = await tmp();
  const dir = path.dirname(file);
  // A pid that cannot be running (above the kernel's pid_max), and this process's own.
  const dead = `${path.basename(file)}.4194305.compact.tmp`;
  const live = `${path.basename(file)}.${process.ppid}.compact.tmp`;
  const unrelated = 'other.jsonl.4194305.compact.tmp';
  for (const name of [dead, live, unrelated]) await writeFile(path.join(dir, name), 'partial');
  const store = await SpendStore.open(file);
  await store.close();
  const left = await readdir(dir);
  assert.ok(!left.includes(dead), 'a dead writer’s leftover is removed');
  assert.ok(left.includes(live), 'a running process’s compaction file is kept');
  assert.ok(left.includes(unrelated), 'files of another ledger are not touched');
});
