// A scripted, deterministic agent run as an AgentEvent stream, with an
// independent ledger of what was charged. Shared by the protocol unit tests,
// bench/panel.ts and the webview preview page (test/integration/ui/).
import type { AgentEvent, PlanItem } from '../../../src/core/events/types';
import type { BudgetLimits, Tier, Usage } from '../../../src/core/budget/usage';
import { ZERO_USAGE, addUsage } from '../../../src/core/budget/usage';

export interface ScriptOptions {
  runId?: string;
  startTs?: number;
  steps?: number;
  /** Text deltas streamed per model call. */
  deltasPerCall?: number;
  /** Milliseconds between consecutive events (simulated clock). */
  msPerEvent?: number;
  limits?: BudgetLimits;
  seed?: number;
  /** Stop before run_finished (a run still in progress). */
  unfinished?: boolean;
}

export interface ScriptedRun {
  events: AgentEvent[];
  /** What the ledger holds at the end: the sum of all charges. */
  ledger: Usage;
  lastSpend: Extract<AgentEvent, { type: 'spend' }> | null;
}

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const TOOLS = [
  ['read_file', (r: () => number) => `{"path":"src/core/budget/ledger.ts","from":${Math.floor(r() * 200)}}`],
  ['search', (r: () => number) => `{"query":"tier boundaries ${Math.floor(r() * 9)}"}`],
  ['list_dir', () => '{"path":"src/core"}'],
  ['run_command', () => '{"cmd":"npm test -- --grep ledger"}'],
] as const;

const WORDS = 'the budget ledger charges each model call before it streams and the tracker block tells the model what is left so it can plan ahead'.split(' ');

export function tierOfFraction(f: number): Tier {
  return f >= 0.7 ? 'HIGH' : f >= 0.3 ? 'MEDIUM' : f >= 0.1 ? 'LOW' : 'CRITICAL';
}

export function fractionRemaining(spent: Usage, limits: BudgetLimits): { fraction: number; resource: string } {
  const rows: [string, number, number | undefined][] = [
    ['tokens', spent.inputTokens + spent.outputTokens, limits.maxTokens],
    ['output_tokens', spent.outputTokens, limits.maxOutputTokens],
    ['thinking_tokens', spent.reasoningTokens, limits.maxThinkingTokens],
    ['tool_calls', spent.toolCalls, limits.maxToolCalls],
    ['usd', spent.usd, limits.maxUsd],
    ['seconds', spent.seconds, limits.maxSeconds],
  ];
  let best = { fraction: 1, resource: 'none' };
  for (const [resource, used, limit] of rows) {
    if (limit === undefined) continue;
    const f = limit <= 0 ? 0 : Math.max(0, 1 - used / limit);
    if (f < best.fraction) best = { fraction: f, resource };
  }
  return best;
}

export function scriptedRun(opts: ScriptOptions = {}): ScriptedRun {
  const r = rng(opts.seed ?? 7);
  const runId = opts.runId ?? 'run-1';
  const steps = opts.steps ?? 12;
  const deltas = opts.deltasPerCall ?? 20;
  const dt = opts.msPerEvent ?? 5;
  const limits: BudgetLimits = opts.limits ?? { maxTokens: 60_000, maxToolCalls: 30, maxUsd: 0.25, maxSeconds: 600 };
  const t0 = opts.startTs ?? 1_700_000_000_000;
  let ts = t0;
  const events: AgentEvent[] = [];
  let ledger: Usage = { ...ZERO_USAGE };
  let tier: Tier = 'HIGH';
  let lastSpend: ScriptedRun['lastSpend'] = null;
  const emit = (e: AgentEvent): void => {
    events.push(e);
  };
  const tick = (): number => (ts += dt);
  const charge = (delta: Partial<Usage>): void => {
    ledger = addUsage(ledger, { ...delta, seconds: 0 });
    ledger = { ...ledger, seconds: (ts - t0) / 1000 };
    const fr = fractionRemaining(ledger, limits);
    const next = tierOfFraction(fr.fraction);
    const spend = { type: 'spend' as const, runId, ts: tick(), spent: { ...ledger }, limits, fractionRemaining: fr.fraction, tier: next };
    emit(spend);
    lastSpend = spend;
    if (next !== tier) {
      emit({ type: 'tier_changed', runId, ts: tick(), from: tier, to: next, fractionRemaining: fr.fraction, resource: fr.resource });
      tier = next;
    }
  };
  const plan: PlanItem[] = [
    { id: '1', text: 'Find where charges are recorded', status: 'open', spent: { tokens: 0, toolCalls: 0, usd: 0 } },
    { id: '2', text: 'Check the tier boundaries against methods.md', status: 'open', spent: { tokens: 0, toolCalls: 0, usd: 0 } },
    {
      id: '3',
      text: 'Write the answer with evidence',
      status: 'open',
      spent: { tokens: 0, toolCalls: 0, usd: 0 },
      children: [{ id: '3.1', text: 'Cite the file and line', status: 'open', spent: { tokens: 0, toolCalls: 0, usd: 0 } }],
    },
  ];
  emit({ type: 'run_started', runId, ts, task: 'Explain how the ledger keeps runs under the cap', strategy: 'bats', provider: 'openai', model: 'gpt-4.1-mini', limits });
  emit({ type: 'plan_updated', runId, ts: tick(), items: structuredClone(plan) });
  let answer = '';
  for (let step = 1; step <= steps; step++) {
    emit({ type: 'step_started', runId, ts: tick(), step });
    const callStart = ts;
    let out = '';
    for (let d = 0; d < deltas; d++) {
      const w = `${WORDS[Math.floor(r() * WORDS.length)]!} `;
      out += w;
      emit({ type: 'text_delta', runId, ts: tick(), step, delta: w });
    }
    const inputTokens = 800 + Math.floor(r() * 1_500) + step * 120;
    const outputTokens = Math.max(1, Math.round(out.length / 4));
    const reasoningTokens = Math.floor(outputTokens * 0.3);
    const cachedInputTokens = step > 1 ? Math.floor(inputTokens * 0.5) : 0;
    const usd = Math.round((inputTokens * 0.4 + outputTokens * 1.6) * 1e-6 * 1e9) / 1e9;
    emit({
      type: 'model_call', runId, ts: tick(), step, model: 'gpt-4.1-mini', maxOutputTokens: 1024, inputTokens, cachedInputTokens,
      outputTokens, reasoningTokens, usd, latencyMs: ts - callStart, estimated: false, finishReason: step % 3 === 0 ? 'stop' : 'tool_calls', purpose: 'act',
    });
    charge({ inputTokens, cachedInputTokens, outputTokens, reasoningTokens, usd });
    if (step % 3 !== 0) {
      const [name, args] = TOOLS[Math.floor(r() * TOOLS.length)]!;
      const ok = r() > 0.15;
      emit({
        type: 'tool_call', runId, ts: tick(), step, name, args: args(r), ok, resultBytes: ok ? Math.floor(r() * 20_000) : 0,
        truncated: false, durationMs: Math.floor(r() * 300), ...(ok ? {} : { error: 'ENOENT: no such file' }),
      });
      charge({ toolCalls: 1, usd: 0.001 });
    } else {
      answer = out.trim();
      const decision = step === steps ? 'SUCCESS' : r() > 0.5 ? 'CONTINUE' : 'PIVOT';
      emit({ type: 'answer_candidate', runId, ts: tick(), answer, verified: decision === 'SUCCESS' });
      emit({ type: 'verifier', runId, ts: tick(), decision, justification: `Step ${step}: ${decision === 'SUCCESS' ? 'evidence cites the ledger' : 'needs a source'}`, candidate: answer });
      if (decision === 'PIVOT') emit({ type: 'pivot', runId, ts: tick(), summary: 'Read the gate instead of the ledger.' });
      const done = Math.min(plan.length, Math.floor((step / steps) * plan.length));
      plan.forEach((p, i) => {
        p.status = i < done ? 'done' : i === done ? 'partial' : 'open';
        p.spent = { tokens: ledger.inputTokens + ledger.outputTokens, toolCalls: ledger.toolCalls, usd: ledger.usd };
      });
      if (plan[2]?.children?.[0]) plan[2].children[0].status = step === steps ? 'done' : 'failed';
      emit({ type: 'plan_updated', runId, ts: tick(), items: structuredClone(plan) });
    }
  }
  if (!opts.unfinished) {
    emit({ type: 'run_finished', runId, ts: tick(), answer: answer || null, stoppedBy: 'answer', spent: { ...ledger }, limits, steps, strategy: 'bats' });
  }
  return { events, ledger, lastSpend };
}
