// Runs the real agent loop against the scripted fake OpenAI server, with the
// real OpenAIProvider and RunBudget, and records everything a test asserts on.
import { mkdtempSync, realpathSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAgent } from '../../../src/core/agent';
import type { RunOptions, RunSummary } from '../../../src/core/agent/types';
import { RunBudget } from '../../../src/core/budget';
import type { BudgetLimits } from '../../../src/core/budget/usage';
import { EventStream } from '../../../src/core/events/emitter';
import type { AgentEvent } from '../../../src/core/events/types';
import { OpenAIProvider } from '../../../src/core/models/openai';
import { createToolSet } from '../../../src/core/tools';
import type { ToolSet } from '../../../src/core/tools/types';
import { startFakeOpenAI, streamReply, type ChatBody, type FakeReply, type FakeScript, type RecordedRequest } from '../../helpers/fake-openai-server';

export interface Harness {
  summary: RunSummary;
  events: AgentEvent[];
  requests: RecordedRequest[];
  budget: RunBudget;
}

/** A small workspace the tools can read. */
export function makeWorkspace(): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ba-agent-')));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'README.md'), '# Demo\nThe answer is 42.\n');
  writeFileSync(path.join(root, 'src', 'main.ts'), 'export const answer = 42;\n');
  return root;
}

export function toolCall(name: string, args: unknown, id = `call_${name}_${Math.random().toString(36).slice(2, 7)}`): FakeReply {
  const json = typeof args === 'string' ? args : JSON.stringify(args);
  return streamReply({ toolCalls: [{ id, name, argumentFragments: [json] }] });
}

export function text(content: string): FakeReply {
  return streamReply({ text: [content] });
}

export function verdict(decision: 'SUCCESS' | 'CONTINUE' | 'PIVOT', summary = 'learned things', justification = 'because'): FakeReply {
  return text(JSON.stringify({ verification: 'checked', decision, justification, trajectory_summary: summary }));
}

export async function runScripted(
  script: FakeScript,
  options: { limits?: BudgetLimits; strategy?: RunOptions['strategy']; model?: string; tools?: (root: string) => ToolSet; signal?: AbortSignal; extra?: Partial<RunOptions> } = {},
): Promise<Harness> {
  const server = await startFakeOpenAI(script);
  try {
    const root = makeWorkspace();
    const events = new EventStream();
    const seen: AgentEvent[] = [];
    events.on((e) => seen.push(e));
    const model = options.model ?? 'gpt-4o';
    const provider = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'test-key', model, maxAttempts: 1 });
    const budget = new RunBudget({ runId: 'r1', limits: options.limits ?? {}, provider: 'openai', model, events });
    const summary = await runAgent({
      task: 'What is the answer?',
      strategy: options.strategy ?? 'react',
      provider,
      budget,
      tools: options.tools ? options.tools(root) : createToolSet({ workspaceRoot: root }),
      events,
      signal: options.signal,
      ...options.extra,
    });
    return { summary, events: seen, requests: server.chatRequests, budget };
  } finally {
    await server.close();
  }
}

export function messagesOf(request: RecordedRequest | undefined): NonNullable<ChatBody['messages']> {
  return request?.body.messages ?? [];
}

export function contentOf(message: { content?: unknown } | undefined): string {
  const c = message?.content;
  return typeof c === 'string' ? c : JSON.stringify(c ?? '');
}

export function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
}
