// Turns chat messages into prompt token ids. Models that ship a chat template
// (tokenizer_config.json) get it rendered with @huggingface/jinja, exactly as
// transformers' apply_chat_template would; base models without one (such as
// stories260K) get the plain text of the messages, so a single user message
// is the prompt verbatim.

import type { ChatMessage, ToolSpec } from '../types';
import { ProviderError } from '../types';
import type { ModelFolder } from './modelFolder';
import type { LocalTokenizer } from './tokenizer';

type Renderer = (messages: ChatMessage[], tools?: ToolSpec[]) => string;

/** special tokens in tokenizer_config.json are a string or an AddedToken object. */
function tokenText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return '';
}

export async function createRenderer(folder: ModelFolder): Promise<Renderer | undefined> {
  if (!folder.chatTemplate) return undefined;
  // ESM-only package: dynamic import, and only for models that need it.
  const { Template } = await import('@huggingface/jinja');
  let template: InstanceType<typeof Template>;
  try {
    template = new Template(folder.chatTemplate);
  } catch (err) {
    throw new ProviderError('malformed', `Local model: the chat template in ${folder.dir}/tokenizer_config.json does not parse: ${(err as Error).message}`, { cause: err });
  }
  const cfg = folder.tokenizerConfig;
  return (messages, tools) =>
    template.render({
      messages: messages.map((m) => ({
        role: m.role,
        content: m.content,
        ...(m.toolCalls?.length
          ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsJson } })) }
          : {}),
        ...(m.toolCallId ? { tool_call_id: m.toolCallId } : {}),
      })),
      ...(tools?.length ? { tools: tools.map((t) => ({ type: 'function', function: t })) } : {}),
      add_generation_prompt: true,
      bos_token: tokenText(cfg.bos_token),
      eos_token: tokenText(cfg.eos_token),
      unk_token: tokenText(cfg.unk_token),
      pad_token: tokenText(cfg.pad_token),
    });
}

/** No template: the messages' text, blank-line separated (one message: its text as is). */
export function renderPlain(messages: ChatMessage[]): string {
  return messages
    .map((m) => m.content)
    .filter((c) => c.length > 0)
    .join('\n\n');
}

export interface RenderedPrompt {
  text: string;
  ids: number[];
}

export function buildPrompt(tokenizer: LocalTokenizer, renderer: Renderer | undefined, messages: ChatMessage[], tools?: ToolSpec[]): RenderedPrompt {
  if (renderer) {
    // Templates write their own BOS etc.; adding special tokens again would double them.
    const text = renderer(messages, tools);
    return { text, ids: tokenizer.encode(text, false) };
  }
  const text = renderPlain(messages);
  return { text, ids: tokenizer.encode(text, true) };
}
