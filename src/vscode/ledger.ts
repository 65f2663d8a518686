// This workspace's persisted spend ledger: the core SpendStore (JSONL) in
// context.storageUri (global storage when no folder is open). Opened lazily,
// shared by every run, closed on deactivate. Reset, export and today's total
// for the commands and the status bar. Next to it, the run index (runs.jsonl,
// one line per finished run) for the panel's History tab.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import { SpendStore, WorkspaceBudget, dayKey, toCsv, toJson } from '../core/budget';
import type { AgentEvent } from '../core/events/types';
import type { HistoryData } from '../core/protocol';
import { historyData } from './history';
import { RUN_INDEX_FILE, RunIndex } from './runIndex';
import type { Settings } from './settings';

export const LEDGER_FILE = 'spend.jsonl';
export type ExportFormat = 'jsonl' | 'csv' | 'json';

export class WorkspaceLedger implements vscode.Disposable {
  private store: Promise<SpendStore> | undefined;
  private index: Promise<RunIndex> | undefined;
  /** Events that arrived before the run index was open (kept in order). */
  private readonly early: AgentEvent[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  get uri(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, LEDGER_FILE);
  }

  open(): Promise<SpendStore> {
    this.store ??= SpendStore.open(this.uri.fsPath, { onError: (e) => this.log?.error(`ledger write failed: ${String(e)}`) }).then((s) => {
      if (s.loadReport.skippedLines) this.log?.warn(`ledger: skipped ${s.loadReport.skippedLines} unreadable line(s)${s.loadReport.tornTail ? ' (torn last line cut off)' : ''}`);
      return s;
    });
    return this.store;
  }

  get runIndexUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, RUN_INDEX_FILE);
  }

  openRunIndex(): Promise<RunIndex> {
    this.index ??= RunIndex.open(this.runIndexUri.fsPath, { onError: (e) => this.log?.error(`run index write failed: ${String(e)}`) }).then((ix) => {
      if (ix.loadReport.skippedLines) this.log?.warn(`run index: skipped ${ix.loadReport.skippedLines} unreadable line(s)${ix.loadReport.tornTail ? ' (torn last line cut off)' : ''}`);
      for (const e of this.early.splice(0)) ix.observe(e);
      return ix;
    });
    return this.index;
  }

  /** Feed every AgentEvent: finished runs are appended to the run index. Resolves once the event is in the index. */
  observe(e: AgentEvent): Promise<void> {
    if (e.type !== 'run_started' && e.type !== 'run_finished') return Promise.resolve();
    this.early.push(e);
    return this.openRunIndex().then(
      (ix) => {
        for (const x of this.early.splice(0)) ix.observe(x);
      },
      (err: unknown) => this.log?.error(`run index unreadable: ${String(err)}`),
    );
  }

  /** The workspace's daily/monthly money caps over this ledger (null = no cap; 0 = no paid spend). */
  async workspaceBudget(settings: Settings): Promise<WorkspaceBudget> {
    const store = await this.open();
    const daily = settings['budget.dailyUsdCap'];
    const monthly = settings['budget.monthlyUsdCap'];
    return new WorkspaceBudget({ store, dailyUsd: daily ?? undefined, monthlyUsd: monthly ?? undefined });
  }

  /** Past runs and daily/monthly spend for the panel's History tab. */
  async history(settings: Settings): Promise<HistoryData> {
    const [store, index] = await Promise.all([this.open(), this.openRunIndex()]);
    return historyData({
      days: store.totalsByDay(),
      runs: index.all(),
      dailyUsd: settings['budget.dailyUsdCap'],
      monthlyUsd: settings['budget.monthlyUsdCap'],
      utc: store.utc,
    });
  }

  async todayUsd(now = Date.now()): Promise<number> {
    const store = await this.open();
    return store.totalsForDay(dayKey(now, store.utc)).usd;
  }

  async hasEntries(): Promise<boolean> {
    const store = await this.open();
    return store.totalsByDay().size > 0;
  }

  /** Removes every recorded charge and run: the files are deleted and fresh ones opened. */
  async reset(): Promise<void> {
    const old = this.store;
    this.store = undefined;
    if (old) await (await old).close();
    await fsp.rm(this.uri.fsPath, { force: true });
    await (await this.openRunIndex()).reset();
    await this.open();
  }

  /** Writes the ledger to `target` as raw JSONL, CSV or JSON (core/budget/export). */
  async exportTo(target: vscode.Uri, format: ExportFormat): Promise<number> {
    const store = await this.open();
    await store.flush();
    const lines = await store.readAll();
    const text =
      format === 'csv' ? toCsv(lines) : format === 'json' ? JSON.stringify(toJson(lines), null, 2) : lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    return lines.length;
  }

  async dispose(): Promise<void> {
    const s = this.store;
    this.store = undefined;
    if (s) await (await s).close();
    await (await this.index?.catch(() => undefined))?.flush().catch(() => undefined);
  }
}
