// The single path every tool call takes: reserve a call against the cap
// (refusal ends the run), then validate, run with a timeout and the run's
// signal, cut the output to what the budget affords, and charge. A model's
// mistakes — unknown tool, invalid JSON, invalid arguments, a failing tool —
// come back to it as a tool error message; they never crash the run.
import { z } from 'zod';
import type { ToolCallRequest } from '../models/types';
import { PathError } from '../tools/paths';
import { truncateOutput } from '../tools/truncate';
import type { ToolResult } from '../tools/types';
import { RunStopped, type RunContext } from './context';

export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_TOOL_OUTPUT_BYTES = 16 * 1024;
/** Never offer the model less than this (a useful error message must fit). */
const MIN_TOOL_OUTPUT_BYTES = 256;

/**
 * Bytes one tool result may take: at most a quarter of the tokens left in the
 * run (≈4 bytes per token), since every later call re-sends it, and never
 * more than a quarter of the model's context window.
 */
export function toolOutputBytes(ctx: RunContext): number {
  let bytes = ctx.options.maxToolOutputBytes ?? DEFAULT_MAX_TOOL_OUTPUT_BYTES;
  const { maxTokens } = ctx.budget.limits;
  if (maxTokens !== undefined) {
    const spent = ctx.budget.spent();
    const left = Math.max(0, maxTokens - spent.inputTokens - spent.outputTokens);
    bytes = Math.min(bytes, left);
  }
  if (ctx.provider.contextWindow > 0) bytes = Math.min(bytes, ctx.provider.contextWindow);
  return Math.max(MIN_TOOL_OUTPUT_BYTES, Math.floor(bytes));
}

function shortArgs(json: string): string {
  const line = json.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function failure(error: string): ToolResult {
  return { ok: false, content: `Error: ${error}`, truncated: false, error };
}

function withTimeout<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function runValidated(ctx: RunContext, call: ToolCallRequest, maxOutputBytes: number): Promise<ToolResult> {
  const { tools } = ctx.options;
  const tool = tools.tools.find((t) => t.name === call.name);
  if (!tool) {
    const names = tools.tools.map((t) => t.name).join(', ') || 'none';
    return failure(`Unknown tool "${call.name}". Available tools: ${names}.`);
  }
  let raw: unknown;
  try {
    raw = call.argumentsJson.trim() === '' ? {} : JSON.parse(call.argumentsJson);
  } catch (err) {
    return failure(`The arguments of ${call.name} are not valid JSON (${(err as Error).message}). Send one JSON object.`);
  }
  const parsed = tool.schema.safeParse(raw);
  if (!parsed.success) return failure(`Invalid arguments for ${call.name}:\n${z.prettifyError(parsed.error)}`);

  const timeoutMs = ctx.options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.options.signal ? AbortSignal.any([ctx.options.signal, timeout]) : timeout;
  try {
    // The race makes a tool that ignores its signal still give the turn back.
    return await withTimeout(tool.run(parsed.data, { ...tools.context, signal, maxOutputBytes }), signal);
  } catch (err) {
    if (ctx.options.signal?.aborted) return failure(`${call.name} was cancelled.`);
    if (timeout.aborted) return failure(`${call.name} timed out after ${timeoutMs} ms.`);
    if (err instanceof PathError) return failure(err.message);
    return failure(`${call.name} failed: ${(err as Error).message ?? String(err)}`);
  }
}

/**
 * Prompt-injection posture: what a tool returns (file text, search hits,
 * command output) is workspace data, never instructions. It reaches the model
 * inside a <data> envelope the system prompt explains; a closing tag inside
 * the data is escaped so a file cannot end the envelope early.
 */
export function asData(tool: string, content: string): string {
  return `<data source="${tool}">\n${content.replace(/<\/data>/gi, '<\\/data>')}\n</data>`;
}

export interface ToolOutcome {
  ok: boolean;
  /** Text for the tool message (already truncated, with the truncation said). */
  content: string;
}

export async function executeToolCall(ctx: RunContext, call: ToolCallRequest): Promise<ToolOutcome> {
  ctx.throwIfStopped();
  const mark = ctx.refusalMark();
  const permit = ctx.budget.reserveToolCall(call.name);
  if (!permit.ok) {
    ctx.reportRefusal(mark, 'tool_call', permit.stoppedBy, permit.reason);
    throw new RunStopped(permit.stoppedBy, permit.reason);
  }
  const started = Date.now();
  const maxOutputBytes = toolOutputBytes(ctx);
  let result: ToolResult;
  try {
    result = await runValidated(ctx, call, maxOutputBytes);
  } finally {
    // Charged whatever happened: the call was made (and counts toward the cap).
    ctx.budget.chargeTool(call.name, { runId: ctx.runId, step: ctx.step, tool: call.name, purpose: 'tool' }, permit.reservation);
  }
  // Tools truncate themselves; this enforces the cap for any tool that did not.
  const cut = truncateOutput(result.content, maxOutputBytes);
  const truncated = result.truncated || cut.truncated;
  ctx.emit({
    type: 'tool_call',
    step: ctx.step,
    name: call.name,
    args: shortArgs(call.argumentsJson),
    ok: result.ok,
    resultBytes: Buffer.byteLength(cut.text, 'utf8'),
    truncated,
    error: result.error,
    durationMs: Date.now() - started,
  });
  if (ctx.options.signal?.aborted) throw new RunStopped('cancelled', 'the run was cancelled');
  // Our own error messages stay plain; everything a tool read is marked as data.
  return { ok: result.ok, content: result.ok ? asData(call.name, cut.text) : cut.text };
}
