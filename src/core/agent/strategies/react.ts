// ReAct (the baseline) and ReAct + Budget Tracker (methods.md §1): the same
// tool-use loop; the tracker variant appends the budget block — with the
// tier's instruction — after every tool result.
import type { StopReason } from '../../budget/usage';
import type { ChatMessage, ChatResult } from '../../models/types';
import { CandidateRank, RunStopped, type RunContext } from '../context';
import { callModel } from '../model-call';
import { CUT_OFF, FORCE_ANSWER, NOT_RUN, REACT_SYSTEM, TRACKER_SYSTEM } from '../prompts';
import { executeToolCall } from '../tool-exec';

export function assistantMessage(result: ChatResult): ChatMessage {
  return result.toolCalls.length
    ? { role: 'assistant', content: result.text, toolCalls: result.toolCalls }
    : { role: 'assistant', content: result.text };
}

/**
 * A model that cannot (or may not) call tools: one call, its text is the answer.
 * The task is sent as is, with no agent instructions, so that plain
 * completion models (stories260K) continue it naturally.
 */
export async function plainAnswer(ctx: RunContext): Promise<StopReason> {
  ctx.nextStep();
  const result = await callModel(ctx, { purpose: 'act', messages: [{ role: 'user', content: ctx.options.task }] });
  ctx.offer(result.text, CandidateRank.unverified);
  return 'answer';
}

export function hasTools(ctx: RunContext): boolean {
  return ctx.options.tools.tools.length > 0;
}

/**
 * Runs every tool call of one assistant message, answering each with a tool
 * message (decorated by `decorate`). When the tool-call cap refuses a call,
 * the remaining calls are answered "not run" (every call id needs an answer)
 * and the model gets one tool-less call to answer with what it has — the
 * anytime fallback — before the run stops with 'budget:tool_calls'.
 */
export async function runToolCalls(
  ctx: RunContext,
  messages: ChatMessage[],
  result: ChatResult,
  decorate: (content: string) => string,
): Promise<void> {
  for (let i = 0; i < result.toolCalls.length; i++) {
    const call = result.toolCalls[i]!;
    try {
      const outcome = await executeToolCall(ctx, call);
      messages.push({ role: 'tool', toolCallId: call.id, content: decorate(outcome.content) });
    } catch (err) {
      if (!(err instanceof RunStopped) || !err.stoppedBy.startsWith('budget:tool')) throw err;
      for (const rest of result.toolCalls.slice(i)) messages.push({ role: 'tool', toolCallId: rest.id, content: NOT_RUN });
      await forceAnswer(ctx, messages);
      throw err;
    }
  }
}

/** One last tool-less call asking for the answer; skipped when the budget cannot afford it. */
export async function forceAnswer(ctx: RunContext, messages: ChatMessage[], rank: number = CandidateRank.unverified): Promise<void> {
  try {
    const final = await callModel(ctx, {
      purpose: 'answer',
      messages: [...messages, { role: 'user', content: FORCE_ANSWER }],
      minUsefulOutputTokens: 16,
    });
    ctx.offer(final.text, rank);
  } catch (err) {
    // Nothing left for a final call: the best answer so far stands.
    if (!(err instanceof RunStopped)) throw err;
  }
}

/**
 * A text reply cut at the output limit is not a final answer: it is kept as
 * a candidate and the model is asked to finish. When the cut came from a
 * budget cap, the next call is refused and the run stops with that cap and
 * this text as its best answer.
 */
export function cutOff(ctx: RunContext, messages: ChatMessage[], result: ChatResult): boolean {
  if (result.finishReason !== 'length' || result.toolCalls.length > 0) return false;
  ctx.offer(result.text, CandidateRank.interim);
  messages.push({ role: 'user', content: CUT_OFF });
  return true;
}

export interface SolveOptions {
  /** Append the budget tracker block (with the tier instruction) after every tool result. */
  tracker: boolean;
  /**
   * Most tool calls this line of work may spend (Plan-and-Budget gives each
   * sub-question its share); once spent, the model is asked to answer with
   * what it has. Absent: only the run's caps apply.
   */
  toolCallShare?: number;
}

/** The tool-use loop on `task` until the model answers; returns the answer text. */
export async function solveWithTools(ctx: RunContext, task: string, opts: SolveOptions): Promise<string> {
  const specs = ctx.options.tools.specs();
  const messages: ChatMessage[] = [
    { role: 'system', content: opts.tracker ? TRACKER_SYSTEM : REACT_SYSTEM },
    { role: 'user', content: opts.tracker ? `${task}\n\n${ctx.budget.trackerBlock()}` : task },
  ];
  let toolCalls = 0;
  for (;;) {
    if (opts.toolCallShare !== undefined && toolCalls >= opts.toolCallShare) {
      ctx.nextStep();
      const final = await callModel(ctx, { purpose: 'answer', messages: [...messages, { role: 'user', content: FORCE_ANSWER }], minUsefulOutputTokens: 16 });
      return final.text;
    }
    ctx.nextStep();
    const result = await callModel(ctx, { purpose: 'act', messages, tools: specs });
    messages.push(assistantMessage(result));
    if (cutOff(ctx, messages, result)) continue;
    if (result.toolCalls.length === 0) return result.text;
    // Text written alongside tool calls is the best we have if the budget ends now.
    ctx.offer(result.text, CandidateRank.interim);
    toolCalls += result.toolCalls.length;
    await runToolCalls(ctx, messages, result, (content) => (opts.tracker ? `${content}\n\n${ctx.budget.trackerBlock()}` : content));
  }
}

export async function toolLoop(ctx: RunContext, tracker: boolean): Promise<StopReason> {
  if (!hasTools(ctx)) return plainAnswer(ctx);
  ctx.offer(await solveWithTools(ctx, ctx.options.task, { tracker }), CandidateRank.unverified);
  return 'answer';
}

export const reactStrategy = (ctx: RunContext) => toolLoop(ctx, false);
export const trackerStrategy = (ctx: RunContext) => toolLoop(ctx, true);
