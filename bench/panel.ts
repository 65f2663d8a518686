// Panel benchmark: 10,000 AgentEvents per second for 10 s through the whole
// panel pipeline, in Node with simulated frames:
//   RunBudget (the real ledger, emits 'spend') + scripted deltas/model/tool events
//   → PanelController (extension side: coalescer, 50 ms batches, reducer)
//   → JSON wire (stringify/parse, like postMessage) → zod validation
//   → webview queue → fold once per simulated animation frame (16 ms) + gauges.
// Prints the UI update rate, the largest frame gap, batch sizes and latency,
// and checks that the numbers the panel ends with equal the ledger's exactly.
// Producer, "extension" and "webview" share one event loop here, so the frame
// gaps are an upper bound of what the webview alone would see.
//
//   node node_modules/.bin/tsc -p tsconfig.test.json && node out/bench/panel.js
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { EventStream } from '../src/core/events/emitter';
import type { AgentEvent } from '../src/core/events/types';
import { RunBudget } from '../src/core/budget/run-budget';
import type { BudgetLimits, Usage } from '../src/core/budget/usage';
import { PROTOCOL_VERSION, foldEvents, gaugesOf, initialPanelState, parseToWebview } from '../src/core/protocol';
import type { PanelState } from '../src/core/protocol';
import { PanelController } from '../src/vscode/panel/controller';

export interface PanelBenchOptions {
  eventsPerSec?: number;
  seconds?: number;
  frameMs?: number;
  quiet?: boolean;
}

const WORDS = ['the ', 'ledger ', 'charges ', 'each ', 'call ', 'before ', 'it ', 'streams ', 'and ', 'tier '];

export async function runPanelBench(opts: PanelBenchOptions = {}): Promise<Record<string, number | boolean>> {
  const rate = opts.eventsPerSec ?? 10_000;
  const seconds = opts.seconds ?? 10;
  const frameMs = opts.frameMs ?? 16;
  const runId = 'bench-panel';
  const limits: BudgetLimits = { maxTokens: 1e12, maxUsd: 1e6, maxToolCalls: 1e9 };

  // ---- extension side
  const events = new EventStream();
  const budget = new RunBudget({ runId, limits, events, provider: 'openai', model: 'gpt-4o-mini', keepRecords: false });
  let lastSpend: Usage | null = null;
  let emitted = 0;
  const controller = new PanelController({
    onRunTask: () => undefined,
    onStop: () => undefined,
    onSetBudget: () => undefined,
    getHistory: () => ({ runs: [], daily: [], monthly: [] }),
    getConfig: () => ({ budgets: {}, strategies: ['react'], models: [], selectedStrategy: null, selectedModel: null }),
    log: (m) => console.warn(m),
  });
  events.on((e) => {
    emitted++;
    if (e.type === 'spend') lastSpend = e.spent;
    controller.push(e);
  });

  // ---- webview side
  let state: PanelState = initialPanelState();
  let pending: AgentEvent[] = [];
  let wireBytes = 0;
  let messages = 0;
  let invalid = 0;
  let maxBatch = 0;
  let validateMs = 0;
  controller.attach((message) => {
    const wire = JSON.stringify(message);
    wireBytes += wire.length;
    messages++;
    setImmediate(() => {
      const t = performance.now();
      const parsed = parseToWebview(JSON.parse(wire));
      validateMs += performance.now() - t;
      if (!parsed.ok) {
        invalid++;
        return;
      }
      const m = parsed.message;
      if (m.type === 'snapshot') {
        pending = [];
        state = m.state;
      } else if (m.type === 'events') {
        maxBatch = Math.max(maxBatch, m.events.length);
        for (const e of m.events) pending.push(e);
      }
    });
  });
  await controller.receive({ type: 'ready', protocol: PROTOCOL_VERSION });

  let frames = 0;
  let updates = 0;
  let lastFrame = performance.now();
  const gaps: number[] = [];
  let maxFoldMs = 0;
  let foldMsTotal = 0;
  let maxLatencyMs = 0;
  const frame = (): void => {
    const now = performance.now();
    gaps.push(now - lastFrame);
    lastFrame = now;
    frames++;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const oldest = batch.reduce((m, e) => Math.min(m, e.ts), Infinity);
    const t = performance.now();
    state = foldEvents(state, batch);
    gaugesOf(state.spent, state.limits); // what the bars render from
    const d = performance.now() - t;
    foldMsTotal += d;
    maxFoldMs = Math.max(maxFoldMs, d);
    maxLatencyMs = Math.max(maxLatencyMs, Date.now() - oldest);
    updates++;
  };

  // ---- producer: a scripted run at `rate` events/s (budget 'spend' events included)
  let step = 0;
  let inStep = 0;
  const deltasPerStep = 30;
  const produceOne = (): void => {
    const ts = Date.now();
    if (inStep === 0) {
      step++;
      events.emit({ type: 'step_started', runId, ts, step });
    } else if (inStep <= deltasPerStep) {
      events.emit({ type: 'text_delta', runId, ts, step, delta: WORDS[(step + inStep) % WORDS.length]! });
    } else if (inStep === deltasPerStep + 1) {
      const usage = { inputTokens: 900 + (step % 97), cachedInputTokens: 300, outputTokens: 40 + (step % 13), reasoningTokens: 5, estimated: false };
      budget.chargeModel(usage, { runId, step, model: 'gpt-4o-mini', purpose: 'act' });
      events.emit({
        type: 'model_call', runId, ts, step, model: 'gpt-4o-mini', maxOutputTokens: 512, ...usage, usd: 0, latencyMs: 90, finishReason: 'tool_calls', purpose: 'act',
      });
    } else {
      budget.chargeTool('read_file', { runId, step, tool: 'read_file' });
      events.emit({ type: 'tool_call', runId, ts, step, name: 'read_file', args: `{"path":"src/file${step % 50}.ts"}`, ok: true, resultBytes: 2048, truncated: false, durationMs: 3 });
      inStep = -1;
    }
    inStep++;
  };

  events.emit({ type: 'run_started', runId, ts: Date.now(), task: 'panel benchmark', strategy: 'react', provider: 'openai', model: 'gpt-4o-mini', limits });
  const t0 = performance.now();
  const frameTimer = setInterval(frame, frameMs);
  await new Promise<void>((resolve) => {
    const producer = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      const target = Math.min(rate * seconds, Math.floor(rate * elapsed));
      while (emitted < target) produceOne();
      if (elapsed >= seconds) {
        clearInterval(producer);
        resolve();
      }
    }, 1);
  });
  const wallS = (performance.now() - t0) / 1000;
  const ledger = budget.spent();
  events.emit({ type: 'run_finished', runId, ts: Date.now(), answer: 'done', stoppedBy: 'answer', spent: ledger, limits, steps: step, strategy: 'react' });
  await new Promise((r) => setTimeout(r, 200));
  clearInterval(frameTimer);
  frame();

  const sorted = gaps.slice(1).sort((a, b) => a - b);
  const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
  // `seconds` is wall time measured when asked (Ledger.spent()), not charged:
  // the charged resources must equal the ledger and the last 'spend' event; the
  // panel's totals, seconds included, must equal the run summary.
  const charged = (u: Usage | null) => (u ? { ...u, seconds: 0 } : null);
  const exact =
    isDeepStrictEqual(state.spent, ledger) &&
    isDeepStrictEqual(controller.current.spent, ledger) &&
    isDeepStrictEqual(charged(lastSpend), charged(ledger));
  const result = {
    events: emitted,
    eventsPerSec: Math.round(emitted / wallS),
    messagesPosted: messages,
    messagesPerSec: Math.round(messages / wallS),
    maxEventsPerBatch: maxBatch,
    wireKBPerSec: Math.round(wireBytes / 1024 / wallS),
    invalidMessages: invalid,
    uiUpdatesPerSec: Math.round((updates / wallS) * 10) / 10,
    framesPerSec: Math.round((frames / wallS) * 10) / 10,
    largestFrameGapMs: Math.round(Math.max(...sorted) * 10) / 10,
    p99FrameGapMs: Math.round(p99 * 10) / 10,
    maxFoldMs: Math.round(maxFoldMs * 100) / 100,
    meanFoldMs: Math.round((foldMsTotal / Math.max(1, updates)) * 1000) / 1000,
    validateMsPerSec: Math.round((validateMs / wallS) * 10) / 10,
    maxEventToRenderMs: maxLatencyMs,
    ledgerUsd: ledger.usd,
    panelUsd: state.spent.usd,
    ledgerTokens: ledger.inputTokens + ledger.outputTokens,
    panelTokens: state.spent.inputTokens + state.spent.outputTokens,
    ledgerToolCalls: ledger.toolCalls,
    panelToolCalls: state.spent.toolCalls,
    finalNumbersExact: exact,
  };
  if (!opts.quiet) {
    console.log(`[bench panel] ${result.events} events in ${wallS.toFixed(1)} s (${result.eventsPerSec}/s) → ${result.messagesPosted} messages (${result.messagesPerSec}/s, ≤ ${result.maxEventsPerBatch} events each, ${result.wireKBPerSec} KB/s)`);
    console.log(`[bench panel] UI updates ${result.uiUpdatesPerSec}/s of ${result.framesPerSec} frames/s; largest frame gap ${result.largestFrameGapMs} ms (p99 ${result.p99FrameGapMs} ms); fold ≤ ${result.maxFoldMs} ms (mean ${result.meanFoldMs} ms); event→render ≤ ${result.maxEventToRenderMs} ms`);
    console.log(`[bench panel] final: panel $${state.spent.usd} / ${result.panelTokens} tokens / ${result.panelToolCalls} tools; ledger $${ledger.usd} / ${result.ledgerTokens} / ${result.ledgerToolCalls} → ${exact ? 'EXACT' : 'MISMATCH'}`);
  }
  if (!exact) {
    throw new Error(`panel totals differ from the ledger: panel ${JSON.stringify(state.spent)} extension ${JSON.stringify(controller.current.spent)} last spend ${JSON.stringify(lastSpend)} ledger ${JSON.stringify(ledger)}`);
  }
  if (invalid > 0) throw new Error(`${invalid} messages failed validation`);
  return result;
}

if (require.main === module) {
  runPanelBench().then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
