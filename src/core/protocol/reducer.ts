// Pure fold of AgentEvents into PanelState. Runs in the extension (to answer
// a reopening webview with a snapshot), in the webview (per animation frame)
// and in Node (tests, benchmark). `foldEvents` never mutates its input state:
// it copies what a batch touches once, then applies the batch in place.
import type { AgentEvent, PlanItem } from '../events/types';
import type { Usage } from '../budget/usage';
import type { PanelState, SpendPoint, TimelineEntry } from './state';
import { MAX_SERIES, MAX_TIMELINE, STREAM_TAIL_CHARS, initialPanelState } from './state';

const RATE_BUCKET_MS = 250;
const RATE_WINDOW_MS = 2_000;
const CHARS_PER_TOKEN = 4;

export function reduce(state: PanelState, event: AgentEvent): PanelState {
  return foldEvents(state, [event]);
}

export function foldEvents(state: PanelState, events: readonly AgentEvent[]): PanelState {
  if (events.length === 0) return state;
  const draft: PanelState = {
    ...state,
    spent: { ...state.spent },
    timeline: state.timeline.slice(),
    series: state.series.slice(),
    rateBuckets: state.rateBuckets.slice(),
  };
  let s = draft;
  for (const e of events) s = apply(s, e);
  if (s.timeline.length > MAX_TIMELINE) {
    const drop = s.timeline.length - MAX_TIMELINE;
    s.timeline.splice(0, drop);
    s.timelineDropped += drop;
  }
  if (s.series.length > MAX_SERIES) s.series = decimate(s.series, MAX_SERIES);
  return s;
}

/** Keeps the first and last points and every other point between, until ≤ max. */
export function decimate(points: SpendPoint[], max: number): SpendPoint[] {
  let out = points;
  while (out.length > max) {
    const last = out[out.length - 1]!;
    const next = out.filter((_, i) => i % 2 === 0);
    if (next[next.length - 1] !== last) next.push(last);
    out = next;
  }
  return out;
}

function push(s: PanelState, entry: TimelineEntry): void {
  s.timeline.push(entry);
  s.nextEntryId = entry.id + 1;
}

function noteChars(s: PanelState, ts: number, chars: number): void {
  const t = Math.floor(ts / RATE_BUCKET_MS) * RATE_BUCKET_MS;
  const lastB = s.rateBuckets[s.rateBuckets.length - 1];
  if (lastB && lastB.t === t) s.rateBuckets[s.rateBuckets.length - 1] = { t, chars: lastB.chars + chars };
  else s.rateBuckets.push({ t, chars });
  updateRate(s, ts);
}

function updateRate(s: PanelState, now: number): void {
  const from = now - RATE_WINDOW_MS;
  while (s.rateBuckets.length > 0 && s.rateBuckets[0]!.t + RATE_BUCKET_MS <= from) s.rateBuckets.shift();
  if (s.rateBuckets.length === 0) {
    s.tokensPerSec = 0;
    return;
  }
  const chars = s.rateBuckets.reduce((n, b) => n + b.chars, 0);
  const span = Math.max(RATE_BUCKET_MS, Math.min(RATE_WINDOW_MS, now - s.rateBuckets[0]!.t + RATE_BUCKET_MS));
  s.tokensPerSec = chars / CHARS_PER_TOKEN / (span / 1000);
}

const tokensOf = (u: Usage): number => u.inputTokens + u.outputTokens;

function apply(s: PanelState, e: AgentEvent): PanelState {
  if (e.type === 'run_started') {
    const fresh = initialPanelState();
    fresh.status = 'running';
    fresh.run = {
      runId: e.runId,
      task: e.task,
      strategy: e.strategy,
      provider: e.provider,
      model: e.model,
      startedTs: e.ts,
      finishedTs: null,
      stoppedBy: null,
      error: null,
      steps: 0,
    };
    fresh.limits = e.limits;
    fresh.series = [{ t: 0, usd: 0, tokens: 0, toolCalls: 0 }];
    fresh.eventsSeen = s.eventsSeen + 1;
    fresh.lastTs = e.ts;
    return fresh;
  }
  if (s.run && e.runId !== s.run.runId) {
    // Another run (e.g. a concurrent chat run): the panel follows one run.
    s.eventsIgnored++;
    return s;
  }
  s.eventsSeen++;
  s.lastTs = Math.max(s.lastTs, e.ts);
  const run = s.run;
  switch (e.type) {
    case 'step_started':
      if (run) s.run = { ...run, steps: Math.max(run.steps, e.step) };
      break;
    case 'text_delta':
      s.streaming = true;
      s.streamTail = (s.streamTail + e.delta).slice(-STREAM_TAIL_CHARS);
      noteChars(s, e.ts, e.delta.length);
      break;
    case 'model_call':
      s.modelCalls++;
      s.streaming = false;
      s.lastCallTokensPerSec = e.latencyMs > 0 ? e.outputTokens / (e.latencyMs / 1000) : null;
      updateRate(s, e.ts);
      push(s, {
        id: s.nextEntryId,
        ts: e.ts,
        kind: 'model',
        step: e.step,
        model: e.model,
        purpose: e.purpose,
        inputTokens: e.inputTokens,
        cachedInputTokens: e.cachedInputTokens,
        outputTokens: e.outputTokens,
        reasoningTokens: e.reasoningTokens,
        usd: e.usd,
        latencyMs: e.latencyMs,
        finishReason: e.finishReason,
        estimated: e.estimated,
      });
      if (run) s.run = { ...run, steps: Math.max(run.steps, e.step) };
      break;
    case 'tool_call':
      s.toolCallsSeen++;
      push(s, {
        id: s.nextEntryId,
        ts: e.ts,
        kind: 'tool',
        step: e.step,
        name: e.name,
        args: e.args.length > 200 ? `${e.args.slice(0, 199)}…` : e.args,
        ok: e.ok,
        resultBytes: e.resultBytes,
        truncated: e.truncated,
        error: e.error ?? null,
        durationMs: e.durationMs,
      });
      break;
    case 'spend': {
      s.spent = { ...e.spent };
      s.limits = e.limits;
      s.fractionRemaining = e.fractionRemaining;
      s.tier = e.tier;
      const start = run?.startedTs ?? s.series[0]?.t ?? e.ts;
      const point: SpendPoint = { t: Math.max(0, e.ts - start), usd: e.spent.usd, tokens: tokensOf(e.spent), toolCalls: e.spent.toolCalls };
      const lastP = s.series[s.series.length - 1];
      // Several charges in the same millisecond: keep the latest totals only.
      if (lastP && lastP.t === point.t && s.series.length > 1) s.series[s.series.length - 1] = point;
      else s.series.push(point);
      break;
    }
    case 'tier_changed':
      s.tier = e.to;
      s.fractionRemaining = e.fractionRemaining;
      s.tightest = e.resource;
      push(s, { id: s.nextEntryId, ts: e.ts, kind: 'tier', from: e.from, to: e.to, resource: e.resource });
      break;
    case 'plan_updated':
      s.plan = e.items as PlanItem[];
      break;
    case 'verifier':
      push(s, { id: s.nextEntryId, ts: e.ts, kind: 'verifier', decision: e.decision, justification: e.justification });
      break;
    case 'pivot':
      push(s, { id: s.nextEntryId, ts: e.ts, kind: 'pivot', summary: e.summary });
      break;
    case 'answer_candidate':
      s.answer = { text: e.answer, verified: e.verified, final: false };
      break;
    case 'budget_refused':
      push(s, { id: s.nextEntryId, ts: e.ts, kind: 'refused', what: e.what, stoppedBy: e.stoppedBy, detail: e.detail });
      break;
    case 'log':
      if (e.level === 'warn' || e.level === 'error') push(s, { id: s.nextEntryId, ts: e.ts, kind: 'log', level: e.level, message: e.message });
      break;
    case 'run_finished': {
      s.status = 'finished';
      s.streaming = false;
      s.tokensPerSec = 0;
      s.rateBuckets = [];
      s.spent = { ...e.spent };
      s.limits = e.limits;
      const base = run ?? { runId: e.runId, task: '', strategy: e.strategy, provider: '', model: '', startedTs: e.ts };
      s.run = { ...base, strategy: e.strategy, finishedTs: e.ts, stoppedBy: e.stoppedBy, error: e.error ?? null, steps: e.steps };
      if (e.answer !== null) s.answer = { text: e.answer, verified: s.answer?.text === e.answer ? s.answer.verified : false, final: true };
      else if (s.answer) s.answer = { ...s.answer, final: false };
      const lastP = s.series[s.series.length - 1];
      const finalPoint: SpendPoint = { t: Math.max(lastP?.t ?? 0, e.ts - (run?.startedTs ?? e.ts)), usd: e.spent.usd, tokens: tokensOf(e.spent), toolCalls: e.spent.toolCalls };
      if (!lastP || lastP.usd !== finalPoint.usd || lastP.tokens !== finalPoint.tokens || lastP.toolCalls !== finalPoint.toolCalls) s.series.push(finalPoint);
      break;
    }
  }
  return s;
}
