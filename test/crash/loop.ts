// The crash loop: start a worker that records charges, SIGKILL it at a random
// moment, reopen the ledger as a restarted process would, and check it:
//   - it loads; nothing is corrupt beyond one torn final line (cut on open);
//   - every charge the worker reported as committed (after its flush) is there,
//     once, with the same amount: lost records must be 0;
//   - the store's totals equal the sum of its lines;
//   - the daily/monthly caps hold: persisted spend never exceeds them, and a
//     run started after the restart is refused when the persisted spend leaves
//     no room for its worst case.
// Optionally, real CLI runs (dist/cli.js) against the fake server are killed
// the same way, and a run after them with --daily-usd-cap at the persisted
// spend must be refused (exit 3) without sending a request.
//
// Used by scripts/crash-loop.mjs (long) and test/unit/reliability/crash.test.ts (short).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PriceTable, RunBudget, SpendStore, WorkspaceBudget } from '../../src/core/budget';
import { startFakeOpenAI, streamReply } from '../helpers/fake-openai-server';
import { MAX_INPUT_TOKENS, MAX_OUTPUT_TOKENS, MODEL, prng, type WorkerConfig, type WorkerMessage } from './worker';

export interface CrashLoopOptions {
  iterations: number;
  /** Stop starting iterations after this many seconds. */
  seconds: number;
  seed: number;
  /** Compiled worker (out/test/crash/worker.js). */
  workerJs: string;
  /** Bundled CLI (dist/cli.js); CLI iterations are skipped when absent. */
  cliJs?: string;
  /** Every n-th iteration is a CLI run (default 10; 0 = none). */
  cliEvery?: number;
  /** Iterations per ledger file before a fresh one (default 10). */
  epoch?: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  seed: number;
  iterations: number;
  storeIterations: number;
  cliIterations: number;
  killed: number;
  committedRecords: number;
  lostRecords: number;
  /** Lines on disk the worker had not reported yet (written, then killed before the report): allowed. */
  unreportedOnDisk: number;
  tornLinesRecovered: number;
  /** Partial lines appended on purpose after a kill (a power cut's torn write). */
  tornLinesInjected: number;
  corruptLines: number;
  duplicateRecords: number;
  totalsMismatches: number;
  capViolations: number;
  refusedAtCap: number;
  cliRefusalChecks: number;
  staleTempFiles: number;
  seconds: number;
  problems: string[];
}

const USD_EPS = 1e-9;

function worstCaseUsd(): number {
  const price = new PriceTable().resolve(MODEL, 'openai');
  if (!price) throw new Error(`no price for ${MODEL}`);
  return (MAX_INPUT_TOKENS * price.input + MAX_OUTPUT_TOKENS * price.output) / 1e6;
}

interface Caps {
  dailyUsd?: number;
  monthlyUsd?: number;
}

/** Runs one worker and kills it at a random moment; resolves with what it reported. */
function runWorker(workerJs: string, config: WorkerConfig, killAfterReadyMs: number | null, killAfterSpawnMs: number): Promise<{ messages: WorkerMessage[]; killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerJs, JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const messages: WorkerMessage[] = [];
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = child.kill('SIGKILL');
      }
    };
    let timer: NodeJS.Timeout | undefined;
    if (killAfterReadyMs === null) timer = setTimeout(kill, killAfterSpawnMs);
    // A worker that somehow never ends is killed too.
    const guard = setTimeout(kill, 10_000);
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('message', (m: WorkerMessage) => {
      messages.push(m);
      if (m.type === 'ready' && killAfterReadyMs !== null) timer = setTimeout(kill, killAfterReadyMs);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(guard);
      if (!killed && code !== 0) return reject(new Error(`worker exited with ${code}: ${stderr}`));
      resolve({ messages, killed, code });
    });
  });
}

async function checkCaps(file: string, caps: Caps, worst: number, report: CrashReport, where: string): Promise<{ refused: boolean; today: number; month: number }> {
  const store = await SpendStore.open(file);
  try {
    const ws = new WorkspaceBudget({ ...caps, store });
    const today = ws.spentToday();
    const month = ws.spentThisMonth();
    if (caps.dailyUsd !== undefined && today > caps.dailyUsd + USD_EPS) {
      report.capViolations++;
      report.problems.push(`${where}: persisted today $${today} > daily cap $${caps.dailyUsd}`);
    }
    if (caps.monthlyUsd !== undefined && month > caps.monthlyUsd + USD_EPS) {
      report.capViolations++;
      report.problems.push(`${where}: persisted month $${month} > monthly cap $${caps.monthlyUsd}`);
    }
    const run = new RunBudget({ runId: 'after-restart', provider: 'openai', model: MODEL, parent: ws, inputSafetyMargin: 0 });
    const plan = run.planCompletion({ model: MODEL, estimatedInputTokens: MAX_INPUT_TOKENS, wantedMaxOutputTokens: MAX_OUTPUT_TOKENS, minUsefulOutputTokens: MAX_OUTPUT_TOKENS });
    const room = Math.min(caps.dailyUsd === undefined ? Infinity : caps.dailyUsd - today, caps.monthlyUsd === undefined ? Infinity : caps.monthlyUsd - month);
    // Refused exactly when the worst case no longer fits (a hair of float tolerance either way).
    if (plan.ok && room < worst - 1e-7) {
      report.capViolations++;
      report.problems.push(`${where}: a run after restart was allowed with $${room} left, worst case $${worst}`);
    }
    if (!plan.ok && room > worst + 1e-7) {
      report.capViolations++;
      report.problems.push(`${where}: a run after restart was refused with $${room} left (${plan.reason})`);
    }
    if (plan.ok) plan.reservation.release();
    return { refused: !plan.ok, today, month };
  } finally {
    await store.close();
  }
}

async function persistedUsd(file: string): Promise<{ today: number; month: number }> {
  const store = await SpendStore.open(file);
  try {
    const ws = new WorkspaceBudget({ store });
    return { today: ws.spentToday(), month: ws.spentThisMonth() };
  } finally {
    await store.close();
  }
}

/** Reopens the ledger as a restarted process would and checks it against what was committed. */
async function checkLedger(file: string, committed: Map<string, number>, report: CrashReport, where: string): Promise<void> {
  const store = await SpendStore.open(file);
  try {
    const { skippedLines, tornTail } = store.loadReport;
    if (tornTail) report.tornLinesRecovered++;
    const corrupt = skippedLines - (tornTail ? 1 : 0);
    if (corrupt > 0) {
      report.corruptLines += corrupt;
      report.problems.push(`${where}: ${corrupt} unreadable line(s) besides a torn tail`);
    }
    const lines = await store.readAll();
    const seen = new Map<string, number>();
    let usd = 0;
    let charges = 0;
    for (const l of lines) {
      if (l.k !== 'c') {
        usd += l.usd;
        charges += l.charges;
        continue;
      }
      usd += l.usd;
      charges++;
      const id = l.requestId ?? '';
      if (seen.has(id)) {
        report.duplicateRecords++;
        report.problems.push(`${where}: record ${id} appears twice`);
      }
      seen.set(id, l.usd);
    }
    let lost = 0;
    for (const [id, amount] of committed) {
      const onDisk = seen.get(id);
      if (onDisk === undefined) {
        lost++;
        committed.delete(id); // counted once
        if (lost <= 3) report.problems.push(`${where}: committed record ${id} is missing`);
      } else if (Math.abs(onDisk - amount) > USD_EPS) {
        report.totalsMismatches++;
        report.problems.push(`${where}: record ${id} holds $${onDisk}, committed $${amount}`);
      }
    }
    report.lostRecords += lost;
    // Totals the caps read equal the sum of the lines on disk.
    let totalUsd = 0;
    let totalCharges = 0;
    for (const t of store.totalsByDay().values()) {
      totalUsd += t.usd;
      totalCharges += t.charges;
    }
    if (Math.abs(totalUsd - usd) > 1e-7 || totalCharges !== charges) {
      report.totalsMismatches++;
      report.problems.push(`${where}: totals $${totalUsd}/${totalCharges} != lines $${usd}/${charges}`);
    }
    // On disk beyond the committed set: written, then killed before the report. Now that a
    // restarted process has loaded them they count as committed: they must never vanish either.
    for (const [id, amount] of seen) {
      if (committed.has(id)) continue;
      report.unreportedOnDisk++;
      committed.set(id, amount);
    }
  } finally {
    await store.close();
  }
}

function cliRun(cliJs: string, args: string[], killAfterMs: number | null): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliJs, ...args], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
    let killed = false;
    const timer = killAfterMs === null ? undefined : setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs);
    const guard = setTimeout(() => (killed = child.kill('SIGKILL')), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, killed });
    });
  });
}

export async function crashLoop(o: CrashLoopOptions): Promise<CrashReport> {
  const log = o.log ?? (() => undefined);
  const random = prng(o.seed);
  const epoch = o.epoch ?? 10;
  const cliEvery = o.cliJs && existsSync(o.cliJs) ? (o.cliEvery ?? 10) : 0;
  const worst = worstCaseUsd();
  const root = mkdtempSync(path.join(tmpdir(), 'ba-crash-'));
  const started = Date.now();
  const report: CrashReport = {
    seed: o.seed,
    iterations: 0,
    storeIterations: 0,
    cliIterations: 0,
    killed: 0,
    committedRecords: 0,
    lostRecords: 0,
    unreportedOnDisk: 0,
    tornLinesRecovered: 0,
    tornLinesInjected: 0,
    corruptLines: 0,
    duplicateRecords: 0,
    totalsMismatches: 0,
    capViolations: 0,
    refusedAtCap: 0,
    cliRefusalChecks: 0,
    staleTempFiles: 0,
    seconds: 0,
    problems: [],
  };
  // The fake server of the CLI runs: a model that keeps calling list_files, slowly.
  const server = cliEvery > 0 ? await startFakeOpenAI(() => streamReply({ toolCalls: [{ id: `c${Math.floor(random() * 1e9)}`, name: 'list_files', argumentFragments: ['{}'] }], delayMs: 2 })) : undefined;
  const cliWorkspace = mkdtempSync(path.join(tmpdir(), 'ba-crash-ws-'));
  const cliLedger = path.join(root, 'cli', 'spend.jsonl');
  let committed = new Map<string, number>();
  let file = '';
  let caps: Caps;
  try {
    for (let i = 0; i < o.iterations && (Date.now() - started) / 1000 < o.seconds; i++) {
      report.iterations++;
      const where = `iteration ${i}`;
      if (cliEvery > 0 && server && i % cliEvery === cliEvery - 1) {
        // A real CLI run killed at a random point of its run.
        report.cliIterations++;
        const before = server.chatRequests.length;
        const r = await cliRun(o.cliJs as string, ['run', '--provider', 'openai', '--base-url', server.baseUrl, '--model', MODEL, '--workspace', cliWorkspace, '--ledger', cliLedger, '--max-tool-calls', '1000', '--max-usd', '100', 'List the files forever.'], 150 + Math.floor(random() * 600));
        if (r.killed) report.killed++;
        const store = await SpendStore.open(cliLedger);
        try {
          const { skippedLines, tornTail } = store.loadReport;
          if (tornTail) report.tornLinesRecovered++;
          if (skippedLines - (tornTail ? 1 : 0) > 0) {
            report.corruptLines += skippedLines - (tornTail ? 1 : 0);
            report.problems.push(`${where} (CLI): unreadable lines besides a torn tail`);
          }
          const modelLines = (await store.readAll()).filter((l) => l.k === 'c' && l.toolCalls === 0).length;
          if (modelLines > server.chatRequests.length) report.problems.push(`${where} (CLI): ${modelLines} model charges for ${server.chatRequests.length} requests`);
        } finally {
          await store.close();
        }
        // After the restart, a run with the daily cap at the persisted spend must be refused before sending anything.
        const probe = await SpendStore.open(cliLedger);
        const today = new WorkspaceBudget({ store: probe }).spentToday();
        await probe.close();
        if (today > 0) {
          report.cliRefusalChecks++;
          const sent = server.chatRequests.length;
          const again = await cliRun(o.cliJs as string, ['run', '--provider', 'openai', '--base-url', server.baseUrl, '--model', MODEL, '--workspace', cliWorkspace, '--ledger', cliLedger, '--daily-usd-cap', String(today), 'One more?'], null);
          if (again.code !== 3 || server.chatRequests.length !== sent) {
            report.capViolations++;
            report.problems.push(`${where} (CLI): a run at the persisted daily cap exited ${again.code} after ${server.chatRequests.length - sent} request(s)`);
          }
        }
        log(`${where}: CLI run ${r.killed ? 'killed' : `exited ${r.code}`} after ${server.chatRequests.length - before} request(s)`);
        continue;
      }

      report.storeIterations++;
      if (i % epoch === 0) {
        // A fresh ledger, alternating which cap binds.
        file = path.join(root, `epoch-${i}`, 'spend.jsonl');
        committed = new Map();
      }
      // Early in an epoch the caps are far away (the worker writes until killed); late in it
      // the binding cap — daily or monthly, by epoch — is set a few worst-case calls above the
      // persisted spend, so the worker hits it or is refused at start, whatever the write rate.
      const late = i % epoch >= epoch - 3;
      const daily = Math.floor(i / epoch) % 2 === 0;
      const spent = existsSync(file) ? await persistedUsd(file) : { today: 0, month: 0 };
      const near = (base: number) => base + [0, 0.5, 1.5, 3][Math.floor(random() * 4)]! * worst;
      caps = !late ? { dailyUsd: 500, monthlyUsd: 5000 } : daily ? { dailyUsd: near(spent.today), monthlyUsd: 5000 } : { dailyUsd: 500, monthlyUsd: near(spent.month) };
      const before = existsSync(file) ? await checkCaps(file, caps, worst, report, `${where} (before)`) : { refused: false, today: 0, month: 0 };
      const config: WorkerConfig = {
        ledger: file,
        tag: `i${i}`,
        seed: Math.floor(random() * 2 ** 31),
        ...caps,
        flushEvery: 1 + Math.floor(random() * 4),
        compactAtBytes: random() < 0.25 ? 8_192 + Math.floor(random() * 16_384) : 0,
        maxCharges: 400,
      };
      const killEarly = random() < 0.15;
      const r = await runWorker(o.workerJs, config, killEarly ? null : Math.floor(random() * 40), Math.floor(random() * 120));
      if (r.killed) report.killed++;
      for (const m of r.messages) {
        if (m.type === 'committed') m.ids.forEach((id, k) => committed.set(id, m.usd[k] ?? NaN));
        if (m.type === 'refused') {
          report.refusedAtCap++;
          // Refused at once after a restart only when the persisted spend left no room.
          if (m.charges === 0 && !before.refused) {
            report.capViolations++;
            report.problems.push(`${where}: the worker was refused at start though the ledger left room (${m.reason})`);
          }
        }
      }
      if (before.refused && !r.messages.some((m) => m.type === 'refused') && r.messages.some((m) => m.type === 'committed')) {
        report.capViolations++;
        report.problems.push(`${where}: the ledger was at the cap but the worker charged anyway`);
      }
      if (random() < 0.1 && existsSync(file)) {
        // A torn write as a power cut leaves it: part of a line, no newline.
        const line = JSON.stringify({ k: 'c', ts: Date.now(), runId: `torn-${i}`, step: 0, inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, toolCalls: 0, usd: 1, estimated: false });
        appendFileSync(file, line.slice(0, 1 + Math.floor(random() * (line.length - 2))));
        report.tornLinesInjected++;
      }
      await checkLedger(file, committed, report, where);
      await checkCaps(file, caps, worst, report, `${where} (after)`);
      if (i % 20 === 19) log(`${where}: ${report.killed} killed, ${report.lostRecords} lost, ${report.tornLinesRecovered} torn lines recovered`);
    }
    // Count every committed record over all epochs (the per-epoch map is reset).
    report.committedRecords = 0;
    for (const dir of readdirSync(root)) {
      if (!dir.startsWith('epoch-')) continue;
      const names = readdirSync(path.join(root, dir));
      report.staleTempFiles += names.filter((n) => n.endsWith('.compact.tmp')).length;
      const store = await SpendStore.open(path.join(root, dir, 'spend.jsonl'));
      report.committedRecords += (await store.readAll()).filter((l) => l.k === 'c').length;
      await store.close();
    }
  } finally {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(cliWorkspace, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

export function formatReport(r: CrashReport): string {
  return [
    `crash loop: seed ${r.seed}, ${r.iterations} iterations in ${r.seconds.toFixed(1)} s (${r.storeIterations} store workers, ${r.cliIterations} CLI runs), ${r.killed} SIGKILLed`,
    `  records on disk at the end: ${r.committedRecords}; lost records: ${r.lostRecords}; duplicates: ${r.duplicateRecords}; totals mismatches: ${r.totalsMismatches}`,
    `  torn lines recovered: ${r.tornLinesRecovered} (${r.tornLinesInjected} injected as power-cut torn writes, the rest from kills); corrupt lines: ${r.corruptLines}; stale compaction temp files: ${r.staleTempFiles}`,
    `  cap checks: ${r.capViolations} violations; workers refused at the cap: ${r.refusedAtCap}; CLI runs refused at the persisted daily cap: ${r.cliRefusalChecks}`,
    ...r.problems.slice(0, 20).map((p) => `  PROBLEM ${p}`),
  ].join('\n');
}

export function crashLoopPassed(r: CrashReport): boolean {
  return r.lostRecords === 0 && r.corruptLines === 0 && r.tornLinesRecovered >= r.tornLinesInjected && r.duplicateRecords === 0 && r.totalsMismatches === 0 && r.capViolations === 0 && r.problems.length === 0;
}
