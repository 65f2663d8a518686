// ChatRequest → OpenAI chat.completions request body.

import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatRequest, ToolSpec } from '../types';
import { ProviderError } from '../types';
import { effortForBudget } from './options';
import type { ResolvedOptions } from './options';

export function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'system':
        return { role: 'system', content: m.content };
      case 'user':
        return { role: 'user', content: m.content };
      case 'tool':
        return { role: 'tool', content: m.content, tool_call_id: m.toolCallId ?? '' };
      case 'assistant':
        if (m.toolCalls && m.toolCalls.length > 0) {
          return {
            role: 'assistant',
            content: m.content || null,
            tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsJson } })),
          };
        }
        return { role: 'assistant', content: m.content };
    }
  });
}

export function toOpenAITools(tools: readonly ToolSpec[]): ChatCompletionTool[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

/**
 * The request body. Reasoning models get reasoning_effort (explicit
 * `thinking.effort`, else mapped from `thinking.budgetTokens`) and no
 * sampling parameters (they reject temperature/top_p). `topK` is not an
 * OpenAI parameter and is not sent; use `extraBody` for servers that take it.
 */
export function buildChatBody(req: ChatRequest, o: ResolvedOptions, stream: boolean): ChatCompletionCreateParamsBase {
  if (!Number.isFinite(req.maxOutputTokens) || req.maxOutputTokens < 1) {
    throw new ProviderError('bad_request', `maxOutputTokens must be at least 1 (got ${req.maxOutputTokens}) — the budget has no output tokens left for this call.`);
  }
  const cap = Math.floor(req.maxOutputTokens);
  const body: ChatCompletionCreateParamsBase = {
    ...o.extraBody,
    model: o.model,
    messages: toOpenAIMessages(req.messages),
    stream,
  };
  if (o.useMaxCompletionTokens) body.max_completion_tokens = cap;
  else body.max_tokens = cap;
  if (stream) body.stream_options = { include_usage: true };
  if (req.tools && req.tools.length > 0) body.tools = toOpenAITools(req.tools);
  if (req.stop && req.stop.length > 0) body.stop = req.stop;
  if (req.seed !== undefined) body.seed = req.seed;
  if (o.reasoningModel) {
    if (req.thinking) body.reasoning_effort = req.thinking.effort ?? effortForBudget(req.thinking.budgetTokens, o.model);
  } else {
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.topP !== undefined) body.top_p = req.topP;
  }
  return body;
}
