// The workspace's run index: one JSON line per finished run (task, strategy,
// model, why it stopped, what it spent), next to the spend ledger in the
// extension's workspace storage. It feeds the panel's History tab; the money
// totals themselves come from the ledger (SpendStore), never from here.
//
// Pure Node (no `vscode`): unit-testable. Like the SpendStore it is
// append-only and torn-line tolerant: a line that does not parse is skipped,
// a torn last line (no newline: a crash mid-write) is cut off on open before
// anything is appended after it. The task is stored truncated (TASK_CHARS);
// no answers, tool arguments, keys or URLs are stored.
import { promises as fsp } from 'node:fs';
import type { AgentEvent } from '../core/events/types';
import { loadJsonl } from '../core/budget/jsonl';
import type { StopReason, Usage } from '../core/budget/usage';

export const RUN_INDEX_FILE = 'runs.jsonl';
/** Characters of the task kept in the index. */
export const TASK_CHARS = 200;
/** Runs kept in memory and, after compaction, on disk. */
export const KEEP_RUNS = 1000;

export interface RunRecord {
  runId: string;
  /** Start of the run (epoch ms). */
  ts: number;
  /** End of the run (epoch ms). */
  endTs: number;
  task: string;
  strategy: string;
  provider: string;
  model: string;
  stoppedBy: StopReason;
  error?: string;
  spent: Usage;
  steps: number;
}

const STOP_REASONS: readonly string[] = ['answer', 'budget:tool_calls', 'budget:tokens', 'budget:usd', 'budget:time', 'cancelled', 'error'];
const USAGE_KEYS = ['inputTokens', 'cachedInputTokens', 'outputTokens', 'reasoningTokens', 'toolCalls', 'usd', 'seconds'] as const;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** One line back into a record, or null when it is not a valid one. */
export function parseRunLine(line: string): RunRecord | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const r = o as Record<string, unknown>;
  const spent = r.spent as Record<string, unknown> | undefined;
  if (!isStr(r.runId, 200) || !isCount(r.ts) || !isCount(r.endTs) || !isStr(r.task, 10_000) || !isStr(r.strategy, 100) || !isStr(r.provider, 200) || !isStr(r.model, 500)) return null;
  if (typeof r.stoppedBy !== 'string' || !STOP_REASONS.includes(r.stoppedBy) || !isCount(r.steps)) return null;
  if (typeof spent !== 'object' || spent === null || !USAGE_KEYS.every((k) => isCount(spent[k]))) return null;
  const rec: RunRecord = {
    runId: r.runId,
    ts: r.ts,
    endTs: r.endTs,
    task: r.task,
    strategy: r.strategy,
    provider: r.provider,
    model: r.model,
    stoppedBy: r.stoppedBy as StopReason,
    spent: Object.fromEntries(USAGE_KEYS.map((k) => [k, spent[k] as number])) as unknown as Usage,
    steps: r.steps,
  };
  if (isStr(r.error, 2_000)) rec.error = r.error;
  return rec;
}

export function truncateTask(task: string, max = TASK_CHARS): string {
  const one = task.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

export interface RunIndexLoadReport {
  runs: number;
  skippedLines: number;
  tornTail: boolean;
}

export class RunIndex {
  private chain: Promise<void> = Promise.resolve();
  private readonly started = new Map<string, Extract<AgentEvent, { type: 'run_started' }>>();
  private lines: number;

  private constructor(
    readonly file: string,
    private readonly records: RunRecord[],
    readonly loadReport: RunIndexLoadReport,
    private readonly onError?: (e: unknown) => void,
  ) {
    this.lines = records.length;
  }

  /** Loads the index (creating its folder) and cuts a torn last line. */
  static async open(file: string, options: { onError?: (e: unknown) => void } = {}): Promise<RunIndex> {
    const s = await loadJsonl(file, parseRunLine);
    return new RunIndex(file, s.records.slice(-KEEP_RUNS), { runs: s.records.length, skippedLines: s.skipped, tornTail: s.torn }, options.onError);
  }

  /** Runs, oldest first. */
  all(): readonly RunRecord[] {
    return this.records;
  }

  /** Feed every AgentEvent: a run is recorded when its run_finished arrives. */
  observe(e: AgentEvent): void {
    if (e.type === 'run_started') this.started.set(e.runId, e);
    else if (e.type === 'run_finished') {
      const s = this.started.get(e.runId);
      this.started.delete(e.runId);
      this.append({
        runId: e.runId,
        ts: s?.ts ?? e.ts,
        endTs: e.ts,
        task: truncateTask(s?.task ?? ''),
        strategy: e.strategy || s?.strategy || '',
        provider: s?.provider ?? '',
        model: s?.model ?? '',
        stoppedBy: e.stoppedBy,
        ...(e.error ? { error: e.error.slice(0, 2_000) } : {}),
        spent: { ...e.spent },
        steps: e.steps,
      }).catch(() => undefined); // reported through onError
    }
  }

  /** Appends one record (one whole line per write, O_APPEND). Resolves when it is on disk. */
  append(rec: RunRecord): Promise<void> {
    const r = { ...rec, task: truncateTask(rec.task) };
    this.records.push(r);
    if (this.records.length > KEEP_RUNS) this.records.splice(0, this.records.length - KEEP_RUNS);
    const line = `${JSON.stringify(r)}\n`;
    return this.enqueue(async () => {
      await fsp.appendFile(this.file, line, 'utf8');
      this.lines++;
      if (this.lines > 2 * KEEP_RUNS) await this.compact();
    });
  }

  /** Waits for every append so far. */
  flush(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  /** Removes every record (file deleted). */
  reset(): Promise<void> {
    this.records.splice(0);
    this.started.clear();
    return this.enqueue(async () => {
      await fsp.rm(this.file, { force: true });
      this.lines = 0;
    });
  }

  /** Rewrites the file with the last KEEP_RUNS records (temp file + rename). */
  private async compact(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await fsp.writeFile(tmp, this.records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    await fsp.rename(tmp, this.file);
    this.lines = this.records.length;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.chain.then(op);
    this.chain = next.catch((e: unknown) => this.onError?.(e));
    return next;
  }
}
