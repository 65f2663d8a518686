// The scripted model of the end-to-end evaluation test, as one function of the
// request body (for test/helpers/fake-openai-server.ts). Its behaviour is
// deterministic and simple enough that every figure of the report follows from
// it (see expectedRun):
//   - with tools offered: read the task's evidence files one by one with
//     read_file, in the suite's order; once all are read, answer with the
//     task's reference answer;
//   - a tool-less call in a tool-using run (the "budget is used up, answer
//     now" call): answer the task's first `rejects` entry — a fixed wrong answer;
//   - the BATS verifier: always SUCCESS;
//   - Plan-and-Budget (which reads no files): two sub-questions, complexity 2,
//     sub-answers "unknown", and the fixed wrong answer as the synthesis.
// Every reply reports the same usage: PROMPT_TOKENS in, COMPLETION_TOKENS out.
import type { ChatBody, FakeReply } from '../../helpers/fake-openai-server';
import { jsonReply, streamReply } from '../../helpers/fake-openai-server';
import type { EvalTask } from '../../../src/eval/suite';

export const PROMPT_TOKENS = 100;
export const COMPLETION_TOKENS = 10;

type Message = NonNullable<ChatBody['messages']>[number];

const text = (m: Message | undefined): string => (typeof m?.content === 'string' ? m.content : '');

function reply(body: ChatBody, fields: { text?: string; toolCall?: { id: string; name: string; arguments: string } }): FakeReply {
  const usage = { promptTokens: PROMPT_TOKENS, completionTokens: COMPLETION_TOKENS };
  if (body.stream) {
    return streamReply({
      text: fields.text ? [fields.text] : [],
      toolCalls: fields.toolCall ? [{ id: fields.toolCall.id, name: fields.toolCall.name, argumentFragments: [fields.toolCall.arguments] }] : [],
      usage,
      enforceMaxTokens: false,
    });
  }
  return jsonReply({
    ...(fields.text !== undefined ? { text: fields.text } : {}),
    ...(fields.toolCall ? { toolCalls: [fields.toolCall] } : {}),
    usage,
    enforceMaxTokens: false,
  });
}

/** Paths read with read_file in this conversation (calls the budget refused — "Not run" — do not count). */
function filesRead(messages: readonly Message[]): string[] {
  const results = new Map(messages.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, text(m)]));
  const out: string[] = [];
  for (const m of messages) {
    if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
    for (const call of m.tool_calls as { id?: string; function?: { name?: string; arguments?: string } }[]) {
      if (call.function?.name !== 'read_file' || results.get(call.id)?.startsWith('Not run')) continue;
      try {
        out.push((JSON.parse(call.function.arguments ?? '{}') as { path: string }).path);
      } catch {
        // not ours
      }
    }
  }
  return out;
}

export function wrongAnswer(task: EvalTask): string {
  return task.rejects?.[0] ?? 'unknown';
}

export function scriptedModel(tasks: readonly EvalTask[]): (body: ChatBody) => FakeReply {
  return (body) => {
    const messages = body.messages ?? [];
    const system = text(messages.find((m) => m.role === 'system'));
    const lastUser = text([...messages].reverse().find((m) => m.role === 'user'));
    const all = messages.map(text).join('\n');
    // Longest task text first, so that no task text that is a prefix of another wins.
    const task = [...tasks].sort((a, b) => b.task.length - a.task.length).find((t) => all.includes(t.task));
    if (!task) return { type: 'error', status: 400, message: 'scripted model: no known task in the conversation' };

    if (system.startsWith('You verify a proposed answer')) {
      return reply(body, { text: JSON.stringify({ verification: 'checked', decision: 'SUCCESS', justification: 'supported', trajectory_summary: '' }) });
    }
    if (system.startsWith('Decompose the question')) {
      return reply(body, { text: JSON.stringify({ sub_questions: ['Where is it defined?', 'What is the value?'] }) });
    }
    if (lastUser.includes('Rate the overall complexity')) return reply(body, { text: '{"complexity": 2, "credits": [50, 50]}' });
    if (lastUser.includes('Now answer this sub-question')) return reply(body, { text: 'unknown' });
    if (lastUser.includes('Using the answers above')) return reply(body, { text: wrongAnswer(task) });

    const read = filesRead(messages);
    const next = (task.evidence ?? []).find((f) => !read.includes(f));
    if (Array.isArray(body.tools) && body.tools.length > 0) {
      if (next === undefined) return reply(body, { text: task.reference });
      return reply(body, { toolCall: { id: `call_${read.length + 1}`, name: 'read_file', arguments: JSON.stringify({ path: next }) } });
    }
    // Tool-less call: the forced answer once the tool budget is spent.
    return reply(body, { text: next === undefined ? task.reference : wrongAnswer(task) });
  };
}

/** What one run must look like under a tool-call budget, derived from the script above. */
export function expectedRun(task: EvalTask, strategy: string, maxToolCalls: number): { correct: boolean; toolCalls: number; modelCalls: number } {
  const k = task.evidence?.length ?? 0;
  if (strategy === 'plan-and-budget') return { correct: false, toolCalls: 0, modelCalls: 5 }; // decompose, rate, 2 answers, synthesize
  if (k <= maxToolCalls) {
    // k reading steps + the answering step (+ the verifier's SUCCESS for BATS).
    return { correct: true, toolCalls: k, modelCalls: k + 1 + (strategy === 'bats' ? 1 : 0) };
  }
  // B reads, the (B+1)-th step asks for a refused read, then the forced answer.
  return { correct: false, toolCalls: maxToolCalls, modelCalls: maxToolCalls + 2 };
}
