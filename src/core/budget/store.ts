// Append-only JSONL spend ledger of one workspace. It feeds the daily/monthly
// caps across restarts, so it must survive a crash mid-run, and it must not
// slow the agent loop: `append` only queues a line; a short timer writes the
// queued lines in one write + fdatasync. A crash can lose at most the last
// batch (milliseconds) and at worst tears the last line, which `open` detects,
// skips and truncates — nothing earlier is lost.
//
// One process owns a file at a time. Two VS Code windows on one workspace
// append safely (O_APPEND, whole lines per write) but do not see each other's
// spend until reopened, and compaction should only run where one process owns it.
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { loadJsonl, scanJsonl } from './jsonl';
import type { SpendEntry, SpendTotals, StoredLine } from './store-format';
import {
  addEntryToTotals,
  addTotals,
  dayKey,
  emptyTotals,
  makeDayKeyer,
  monthOfDay,
  parseLine,
  serializeDay,
  serializeEntry,
} from './store-format';

/** Where committed charges go; the store is one, a test double another. */
export interface SpendSink {
  append(entry: SpendEntry): void;
}

export interface SpendStoreOptions {
  /** How long a line may wait before its batch is written (default 5 ms). */
  batchMs?: number;
  /** Write at once when this many lines are queued (default 1024). */
  maxBatch?: number;
  /** Compact after a write leaves the file larger than this (default 8 MiB; 0 = never). */
  compactAtBytes?: number;
  /** Compaction keeps individual charges of this many recent days (default 31). */
  keepDetailDays?: number;
  /** Day boundaries in UTC instead of local time. */
  utc?: boolean;
  clock?: () => number;
  /** Background write failures (the caller is never blocked or thrown at). */
  onError?: (error: unknown) => void;
}

export interface LoadReport {
  /** Valid lines read (charges and day summaries). */
  lines: number;
  /** Lines that did not parse, the torn tail included. */
  skippedLines: number;
  /** A last line without its newline was found and cut off. */
  tornTail: boolean;
}

export class SpendStore implements SpendSink {
  private fh: FileHandle | undefined;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Serialises writes, compaction and close: one file operation at a time. */
  private chain: Promise<void> = Promise.resolve();
  private bytes = 0;
  private lastError: unknown;
  private closed = false;
  private readonly days = new Map<string, SpendTotals>();
  private readonly batchMs: number;
  private readonly maxBatch: number;
  private readonly compactAtBytes: number;
  private readonly keepDetailDays: number;
  readonly utc: boolean;
  private readonly clock: () => number;
  private readonly onError: ((error: unknown) => void) | undefined;
  private readonly dayOf: (ms: number) => string;

  private constructor(
    readonly file: string,
    options: SpendStoreOptions,
    public readonly loadReport: LoadReport,
  ) {
    this.batchMs = options.batchMs ?? 5;
    this.maxBatch = options.maxBatch ?? 1024;
    this.compactAtBytes = options.compactAtBytes ?? 8 << 20;
    this.keepDetailDays = options.keepDetailDays ?? 31;
    this.utc = options.utc ?? false;
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError;
    this.dayOf = makeDayKeyer(this.utc);
  }

  /** Loads the file (creating it and its folder if needed) and opens it for appending. */
  static async open(file: string, options: SpendStoreOptions = {}): Promise<SpendStore> {
    await removeStaleCompactions(file);
    // A torn tail is cut before appending, or the next line would be glued to it.
    const { records: lines, skipped, goodBytes, torn } = await loadJsonl(file, parseLine);
    const store = new SpendStore(file, options, { lines: lines.length, skippedLines: skipped, tornTail: torn });
    for (const l of lines) store.addToDays(l);
    store.fh = await fsp.open(file, 'a');
    store.bytes = goodBytes;
    return store;
  }

  private addToDays(l: StoredLine): void {
    const day = l.k === 'd' ? l.day : this.dayOf(l.ts);
    let t = this.days.get(day);
    if (!t) this.days.set(day, (t = emptyTotals()));
    if (l.k === 'd') addTotals(t, l);
    else addEntryToTotals(t, l);
  }

  /** Queues one charge; never blocks and never throws for I/O. */
  append(entry: SpendEntry): void {
    if (this.closed) {
      // A charge after close (a run outliving deactivate) must not throw into
      // the agent loop; it is reported and kept in the in-memory totals only.
      this.onError?.(new Error('SpendStore is closed; charge not persisted'));
      this.addToDays({ k: 'c', ...entry });
      return;
    }
    this.pending.push(serializeEntry(entry));
    let t = this.days.get(this.dayOf(entry.ts));
    if (!t) this.days.set(this.dayOf(entry.ts), (t = emptyTotals()));
    addEntryToTotals(t, entry);
    if (this.pending.length >= this.maxBatch) this.schedule(0);
    else if (!this.timer) this.schedule(this.batchMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.enqueue(() => this.writeBatch());
    }, ms);
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(op).catch((e: unknown) => {
      this.lastError = e;
      this.onError?.(e);
    });
    return this.chain;
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.length === 0 || !this.fh) return;
    const lines = this.pending;
    this.pending = [];
    const buf = Buffer.from(lines.join(''), 'utf8');
    try {
      await this.fh.write(buf);
      await this.fh.datasync();
    } catch (e) {
      // Keep the lines for the next attempt (order preserved).
      this.pending = lines.concat(this.pending);
      throw e;
    }
    this.bytes += buf.length;
    if (this.compactAtBytes > 0 && this.bytes > this.compactAtBytes) await this.compactNow();
  }

  /** Resolves once everything appended so far is on disk; rejects if a write failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.lastError = undefined;
    await this.enqueue(() => this.writeBatch());
    if (this.lastError !== undefined) throw this.lastError;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.enqueue(async () => {
        await this.fh?.close();
        this.fh = undefined;
      });
    }
  }

  /** Totals per day (YYYY-MM-DD), compacted days included. */
  totalsByDay(): ReadonlyMap<string, SpendTotals> {
    return this.days;
  }

  totalsForDay(day: string): SpendTotals {
    return { ...(this.days.get(day) ?? emptyTotals()) };
  }

  totalsForMonth(month: string): SpendTotals {
    const t = emptyTotals();
    for (const [day, d] of this.days) if (monthOfDay(day) === month) addTotals(t, d);
    return t;
  }

  /** Current file size as far as this store has written it. */
  sizeBytes(): number {
    return this.bytes;
  }

  /** Every valid line on disk, after flushing (for export and tests). */
  async readAll(): Promise<StoredLine[]> {
    await this.flush();
    return scanJsonl(await fsp.readFile(this.file, 'utf8'), parseLine).records;
  }

  /** Rewrites the file with old days summarised; atomic (temp file + rename). */
  async compact(): Promise<void> {
    await this.flush();
    this.lastError = undefined;
    await this.enqueue(() => this.compactNow());
    if (this.lastError !== undefined) throw this.lastError;
  }

  private async compactNow(): Promise<void> {
    const { records: lines } = scanJsonl(await fsp.readFile(this.file, 'utf8'), parseLine);
    const cutoff = dayKey(this.clock() - this.keepDetailDays * 86_400_000, this.utc);
    const old = new Map<string, SpendTotals>();
    const kept: string[] = [];
    for (const l of lines) {
      const day = l.k === 'd' ? l.day : dayKey(l.ts, this.utc);
      if (day < cutoff || l.k === 'd') {
        let t = old.get(day);
        if (!t) old.set(day, (t = emptyTotals()));
        if (l.k === 'd') addTotals(t, l);
        else addEntryToTotals(t, l);
      } else {
        kept.push(serializeEntry(l));
      }
    }
    const summaries = [...old.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, t]) => serializeDay(d, t));
    const body = Buffer.from(summaries.join('') + kept.join(''), 'utf8');
    const tmp = `${this.file}.${process.pid}.compact.tmp`;
    const out = await fsp.open(tmp, 'w');
    try {
      await out.write(body);
      await out.sync();
    } finally {
      await out.close();
    }
    await this.fh?.close();
    this.fh = undefined;
    try {
      await fsp.rename(tmp, this.file);
      await syncDir(path.dirname(this.file));
    } finally {
      this.fh = await fsp.open(this.file, 'a');
    }
    this.bytes = body.length;
  }
}

/** Parses file text; a last segment without newline is a torn write. */
/** Makes a rename durable; not supported everywhere (Windows), so best effort. */
async function syncDir(dir: string): Promise<void> {
  try {
    const h = await fsp.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Best effort.
  }
}

/**
 * A process killed mid-compaction leaves `<file>.<pid>.compact.tmp` behind
 * (the ledger itself is intact: the rename is the commit). Such leftovers of
 * processes that no longer run are removed; a live process's file is kept.
 */
async function removeStaleCompactions(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.compact\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !processAlive(pid)) await fsp.rm(path.join(dir, name), { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
