// Fault-injection plumbing: the real agent loop (runAgent), the real
// OpenAIProvider against the scripted fake server, a RunBudget whose charges go
// to a real SpendStore file, and a tap on every onUsage report the provider
// makes — so each test can check that the ledger holds every charge incurred.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { runAgent } from '../../../src/core/agent';
import type { RunOptions, RunSummary } from '../../../src/core/agent/types';
import { RunBudget, SpendStore, type StoredLine } from '../../../src/core/budget';
import type { BudgetLimits } from '../../../src/core/budget/usage';
import { EventStream } from '../../../src/core/events/emitter';
import type { AgentEvent } from '../../../src/core/events/types';
import { OpenAIProvider, type OpenAIProviderOptions } from '../../../src/core/models/openai';
import type { AttemptInfo, ChatRequest, ModelProvider, ReportedUsage } from '../../../src/core/models/types';
import { createToolSet, toolSetOf } from '../../../src/core/tools';
import type { Tool, ToolSet } from '../../../src/core/tools/types';
import { startFakeOpenAI, type FakeScript, type RecordedRequest } from '../../helpers/fake-openai-server';

export const API_KEY = 'sk-planted-RELIABILITY-0123456789abcdef';

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
}

// The same small workspace and reply builders as the agent-loop tests.
export { makeWorkspace, text, toolCall } from '../agent/harness';
import { makeWorkspace } from '../agent/harness';

/** A provider wrapper that records every onUsage report (the spend that left the provider). */
export class TappedProvider implements ModelProvider {
  readonly reports: { usage: ReportedUsage; info: AttemptInfo }[] = [];
  readonly requests: ChatRequest[] = [];
  constructor(readonly inner: ModelProvider) {}
  get kind(): string {
    return this.inner.kind;
  }
  get model(): string {
    return this.inner.model;
  }
  get contextWindow(): number {
    return this.inner.contextWindow;
  }
  countTokens(...args: Parameters<ModelProvider['countTokens']>) {
    return this.inner.countTokens(...args);
  }
  chat(request: ChatRequest) {
    this.requests.push(request);
    return this.inner.chat({
      ...request,
      onUsage: (usage, info) => {
        this.reports.push({ usage, info });
        request.onUsage?.(usage, info);
      },
    });
  }
}

/** Test tools: one that throws, one that hangs (ignoring its signal), one that runs a callback. */
export function throwingTool(): Tool {
  return {
    name: 'explode',
    description: 'Always throws.',
    schema: z.object({}).passthrough() as unknown as z.ZodType<unknown>,
    mutates: false,
    run: async () => {
      throw new Error('disk on fire');
    },
  };
}

export function hangingTool(onStart?: () => void): Tool {
  return {
    name: 'hang',
    description: 'Never returns.',
    schema: z.object({}).passthrough() as unknown as z.ZodType<unknown>,
    mutates: false,
    run: () => {
      onStart?.();
      return new Promise(() => undefined);
    },
  };
}

export interface FaultRun {
  summary: RunSummary;
  events: AgentEvent[];
  requests: RecordedRequest[];
  budget: RunBudget;
  provider: TappedProvider;
  lines: StoredLine[];
  ledgerFile: string;
  ms: number;
}

export interface FaultOptions {
  limits?: BudgetLimits;
  strategy?: RunOptions['strategy'];
  provider?: Partial<OpenAIProviderOptions>;
  /** Point the provider here instead of at the fake server (refused port, .invalid host). */
  baseUrl?: string;
  tools?: (root: string) => ToolSet;
  signal?: AbortSignal;
  onEvent?: (e: AgentEvent) => void;
  extra?: Partial<RunOptions>;
}

/** Default tools of a fault run: the workspace tools plus the throwing and hanging test tools. */
export function faultTools(root: string, more: Tool[] = []): ToolSet {
  const base = createToolSet({ workspaceRoot: root });
  const all = [...base.tools, throwingTool(), hangingTool()];
  // A tool in `more` replaces the default of the same name.
  const names = new Set(more.map((t) => t.name));
  return toolSetOf([...all.filter((t) => !names.has(t.name)), ...more], base.context);
}

export async function runFault(script: FakeScript, o: FaultOptions = {}): Promise<FaultRun> {
  const server = await startFakeOpenAI(script);
  const dir = tempDir('ba-rel-ledger-');
  const ledgerFile = path.join(dir, 'spend.jsonl');
  const store = await SpendStore.open(ledgerFile);
  const started = Date.now();
  try {
    const root = makeWorkspace();
    const events = new EventStream();
    const seen: AgentEvent[] = [];
    events.on((e) => {
      seen.push(e);
      o.onEvent?.(e);
    });
    const model = 'gpt-4o';
    const provider = new TappedProvider(
      new OpenAIProvider({ baseUrl: o.baseUrl ?? server.baseUrl, apiKey: API_KEY, model, maxAttempts: 3, retryBaseDelayMs: 5, random: () => 0, timeoutMs: 2000, ...o.provider }),
    );
    const budget = new RunBudget({ runId: 'fault', limits: o.limits ?? {}, provider: 'openai', model, events, sink: store });
    const summary = await runAgent({
      task: 'What is the answer?',
      strategy: o.strategy ?? 'react',
      provider,
      budget,
      tools: o.tools ? o.tools(root) : faultTools(root),
      events,
      signal: o.signal,
      runId: 'fault',
      ...o.extra,
    });
    await store.flush();
    const lines = await store.readAll();
    return { summary, events: seen, requests: server.chatRequests, budget, provider, lines, ledgerFile, ms: Date.now() - started };
  } finally {
    await store.close();
    await server.close();
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The ledger holds every charge incurred: each onUsage report is one model
 * charge in the run's ledger and one line in the store, with the same tokens;
 * each tool_call event is one tool charge; and the server saw no request the
 * provider did not report.
 */
export function assertLedgerComplete(r: FaultRun, opts: { serverRequests?: number } = {}): void {
  const reports = r.provider.reports;
  const modelLines = r.lines.filter((l) => l.k === 'c' && l.toolCalls === 0);
  const toolLines = r.lines.filter((l) => l.k === 'c' && l.toolCalls > 0);
  assert.equal(modelLines.length, reports.length, 'one ledger line per billed attempt');
  const input = sum(reports.map((x) => x.usage.inputTokens));
  const output = sum(reports.map((x) => x.usage.outputTokens));
  const spent = r.budget.spent();
  assert.equal(spent.inputTokens, input, 'run ledger input tokens = onUsage sum');
  assert.equal(spent.outputTokens, output, 'run ledger output tokens = onUsage sum');
  assert.equal(sum(modelLines.map((l) => (l.k === 'c' ? l.inputTokens : 0))), input, 'store input tokens = onUsage sum');
  assert.equal(sum(modelLines.map((l) => (l.k === 'c' ? l.outputTokens : 0))), output, 'store output tokens = onUsage sum');
  assert.ok(Math.abs(sum(r.lines.map((l) => l.usd)) - spent.usd) < 1e-9, 'store usd = run usd');
  const toolEvents = r.events.filter((e) => e.type === 'tool_call').length;
  assert.equal(toolLines.length, spent.toolCalls, 'one ledger line per tool call');
  assert.ok(toolEvents <= spent.toolCalls, 'every reported tool call is charged');
  // Every request the server received was reported (a request can only go unreported if it never arrived).
  const expected = opts.serverRequests ?? r.requests.length;
  assert.equal(r.requests.length, expected, 'requests the server received');
  assert.ok(reports.length >= r.requests.length, `every request the server saw was charged (${reports.length} reports, ${r.requests.length} requests)`);
  assert.equal(r.summary.spent.inputTokens, spent.inputTokens);
}

// ---------------------------------------------------------------- figures

export interface Figure {
  suite: string;
  name: string;
  ok: boolean;
  note?: string;
}

const figures: Figure[] = [];

/** Records one fault / bad input outcome. */
export function record(suite: string, name: string, ok: boolean, note?: string): void {
  figures.push(note === undefined ? { suite, name, ok } : { suite, name, ok, note });
}

/** Prints the figures of this file (register with `after(printFigures)` at the top level). */
export function printFigures(): void {
  const bySuite = new Map<string, Figure[]>();
  for (const f of figures) bySuite.set(f.suite, [...(bySuite.get(f.suite) ?? []), f]);
  for (const [suite, list] of bySuite) {
    const ok = list.filter((f) => f.ok).length;
    console.log(`# FIGURES ${suite}: ${list.length} tried, ${ok} ${suite.startsWith('fault') ? 'survived' : 'refused'}`);
    for (const f of list) console.log(`#   ${f.ok ? 'ok  ' : 'FAIL'} ${f.name}${f.note ? ` — ${f.note}` : ''}`);
  }
}

/** Runs `fn` as one tried fault; records whether it held. */
export async function tried(suite: string, name: string, fn: () => Promise<string | void>): Promise<void> {
  try {
    const note = await fn();
    record(suite, name, true, note ?? undefined);
  } catch (err) {
    record(suite, name, false, err instanceof Error ? err.message.split('\n')[0] : String(err));
    throw err;
  }
}
