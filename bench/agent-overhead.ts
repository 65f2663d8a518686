// Agent-loop overhead: the same conversation (N model calls, N−1 tool calls of
// a no-op tool) driven (a) by raw `openai` SDK calls and (b) by our agent loop
// (react strategy: budget clamp, token estimate, ledger charge, events, tool
// validation), against one loopback fake server in another process. Runs are
// interleaved A/B so machine noise hits both; the figure is the ratio of
// medians (target ≤ 1.05) and our extra milliseconds per step.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import OpenAI from 'openai';
import { z } from 'zod';
import { runAgent } from '../src/core/agent';
import { RunBudget } from '../src/core/budget';
import { EventStream } from '../src/core/events/emitter';
import { OpenAIProvider } from '../src/core/models/openai';
import { toolSetOf, type Tool } from '../src/core/tools';

const STEPS = 20;
const ROUNDS = 15;
const TASK = 'Call noop until told otherwise, then answer.';

const noop: Tool<{ n: number }> = {
  name: 'noop',
  description: 'Does nothing.',
  schema: z.object({ n: z.number() }),
  mutates: false,
  run: async (args) => ({ ok: true, content: `ok ${args.n}`, truncated: false }),
};

async function startServer(delayMs: number): Promise<{ baseUrl: string; stop: () => void }> {
  const child = fork(path.join(__dirname, 'fake-server-child.js'), [String(STEPS), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`fake server exited ${code}`)));
  });
  return { baseUrl, stop: () => child.disconnect() };
}

/** The baseline: what a hand-written loop over the SDK does for the same conversation. */
async function rawLoop(client: OpenAI): Promise<number> {
  const t0 = performance.now();
  const tools = [{ type: 'function' as const, function: { name: 'noop', description: 'Does nothing.', parameters: z.toJSONSchema(noop.schema) as Record<string, unknown> } }];
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: TASK }];
  for (let step = 0; step < STEPS; step++) {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, tools, max_tokens: 1024, stream: true, stream_options: { include_usage: true } });
    let text = '';
    const calls: { id: string; name: string; args: string }[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices?.[0]?.delta;
      if (delta?.content) text += delta.content;
      for (const tc of delta?.tool_calls ?? []) {
        const call = (calls[tc.index] ??= { id: '', name: '', args: '' });
        if (tc.id) call.id = tc.id;
        if (tc.function?.name) call.name = tc.function.name;
        if (tc.function?.arguments) call.args += tc.function.arguments;
      }
    }
    if (!calls.length) break;
    messages.push({ role: 'assistant', content: text || null, tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } })) });
    for (const c of calls) {
      const result = await noop.run(noop.schema.parse(JSON.parse(c.args)), undefined as never);
      messages.push({ role: 'tool', tool_call_id: c.id, content: result.content });
    }
  }
  return performance.now() - t0;
}

/** Ours: one long-lived provider (as the extension keeps it), a fresh budget and event stream per run. */
async function ourLoop(provider: OpenAIProvider): Promise<{ ms: number; steps: number }> {
  const t0 = performance.now();
  const events = new EventStream();
  const budget = new RunBudget({ limits: { maxToolCalls: 1000, maxUsd: 100 }, provider: 'openai', model: 'gpt-4o', events, runId: 'bench' });
  const summary = await runAgent({
    task: TASK,
    strategy: 'react',
    provider,
    budget,
    events,
    tools: toolSetOf([noop as Tool], { workspaceRoot: process.cwd(), trusted: true, confirm: async () => false }),
  });
  if (summary.stoppedBy !== 'answer') throw new Error(`bench run ended with ${summary.stoppedBy}: ${summary.error ?? ''}`);
  return { ms: performance.now() - t0, steps: summary.steps };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Interleaved A/B rounds against one server; medians of whole runs. */
async function measure(delayMs: number): Promise<{ rawMs: number; oursMs: number; steps: number }> {
  const server = await startServer(delayMs);
  try {
    const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'bench', maxRetries: 0 });
    const provider = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'bench', model: 'gpt-4o', maxAttempts: 1 });
    // Warm both paths (JIT, tokenizer load, connection pool).
    await rawLoop(client);
    await ourLoop(provider);
    const raw: number[] = [];
    const ours: number[] = [];
    let steps = 0;
    for (let i = 0; i < ROUNDS; i++) {
      raw.push(await rawLoop(client));
      const r = await ourLoop(provider);
      ours.push(r.ms);
      steps = r.steps;
    }
    return { rawMs: median(raw), oursMs: median(ours), steps };
  } finally {
    server.stop();
  }
}

export async function runAgentOverheadBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  // 0 ms: a server that answers instantly, so every microsecond of ours shows (worst case).
  // 5 ms between chunks (~25 ms a call): still far faster than any real model.
  for (const [label, delayMs] of [['instant', 0], ['5ms_chunks', 5]] as const) {
    const { rawMs, oursMs, steps } = await measure(delayMs);
    figures.model_calls_per_run = steps;
    figures[`${label}_raw_sdk_ms_per_run`] = rawMs;
    figures[`${label}_agent_loop_ms_per_run`] = oursMs;
    figures[`${label}_overhead_ratio`] = oursMs / rawMs;
    figures[`${label}_overhead_ms_per_step`] = (oursMs - rawMs) / steps;
    console.log(
      `agent loop vs raw SDK (${label} server), ${steps} model calls per run, median of ${ROUNDS}: ${oursMs.toFixed(1)} ms vs ${rawMs.toFixed(1)} ms → ratio ${(oursMs / rawMs).toFixed(3)} (target ≤ 1.05), ${((oursMs - rawMs) / steps).toFixed(2)} ms/step`,
    );
  }
  return figures;
}

if (require.main === module) {
  runAgentOverheadBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
