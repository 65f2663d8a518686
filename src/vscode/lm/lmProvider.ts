// VS Code's own language models (e.g. Copilot's) as a ModelProvider.
// The API reports no usage and takes no max-tokens option, so the hard cap is
// enforced here: output tokens are counted as they stream and the request is
// cancelled once the ledger's maxOutputTokens is reached. Usage is counted with
// the model's own countTokens and marked estimated.
import * as vscode from 'vscode';
import type { ChatRequest, ChatResult, ChatMessage, ModelInfo, ModelProvider, ReportedUsage, ToolCallRequest, ToolSpec } from '../../core/models/types';
import { ProviderError } from '../../core/models/types';
import { toLmMessages, toLmTools } from './lmMessages';

/** Rough output counter used only to stop the stream at the cap (≈4 chars/token, rounded up). */
const approxTokens = (text: string): number => Math.ceil(text.length / 4);

export class VsCodeLmProvider implements ModelProvider {
  readonly kind = 'vscode-lm';

  constructor(private readonly chatModel: vscode.LanguageModelChat) {}

  get model(): string {
    return this.chatModel.id;
  }

  get contextWindow(): number {
    return this.chatModel.maxInputTokens;
  }

  async countTokens(messages: ChatMessage[], _tools?: ToolSpec[]): Promise<number> {
    let total = 0;
    for (const m of toLmMessages(messages)) total += await this.chatModel.countTokens(m);
    return total;
  }

  async listModels(): Promise<ModelInfo[]> {
    const models = await vscode.lm.selectChatModels();
    return models.map((m) => ({ id: m.id, contextWindow: m.maxInputTokens }));
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = Date.now();
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const inputTokens = await this.countTokens(request.messages);
    let text = '';
    const toolCalls: ToolCallRequest[] = [];
    let finishReason: ChatResult['finishReason'] = 'stop';
    try {
      const response = await this.chatModel.sendRequest(
        toLmMessages(request.messages),
        { justification: 'Budget Agent runs a task you started, within its budget.', tools: toLmTools(request.tools) },
        cts.token,
      );
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) {
          text += part.value;
          request.onEvent?.({ type: 'text', delta: part.value });
          if (approxTokens(text) >= request.maxOutputTokens) {
            finishReason = 'length';
            cts.cancel();
            break;
          }
        } else if (part instanceof vscode.LanguageModelToolCallPart) {
          const call = { id: part.callId, name: part.name, argumentsJson: JSON.stringify(part.input) };
          toolCalls.push(call);
          request.onEvent?.({ type: 'tool_call', call });
        }
      }
      if (request.signal?.aborted) finishReason = 'cancelled';
      else if (toolCalls.length && finishReason === 'stop') finishReason = 'tool_calls';
    } catch (err) {
      const usage = await this.usageFor(inputTokens, text);
      request.onUsage?.(usage, { attempt: 1, outcome: request.signal?.aborted ? 'cancelled' : 'server', latencyMs: Date.now() - started });
      if (request.signal?.aborted) return { text, thinking: '', toolCalls, usage, finishReason: 'cancelled', latencyMs: Date.now() - started };
      throw mapLmError(err);
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      cts.dispose();
    }
    const usage = await this.usageFor(inputTokens, text + toolCalls.map((c) => c.name + c.argumentsJson).join(''));
    const latencyMs = Date.now() - started;
    request.onUsage?.(usage, { attempt: 1, outcome: 'ok', latencyMs });
    return { text, thinking: '', toolCalls, usage, finishReason, latencyMs };
  }

  private async usageFor(inputTokens: number, output: string): Promise<ReportedUsage> {
    const outputTokens = output ? await this.chatModel.countTokens(output) : 0;
    return { inputTokens, cachedInputTokens: 0, outputTokens, reasoningTokens: 0, estimated: true };
  }
}

function mapLmError(err: unknown): ProviderError {
  if (err instanceof vscode.LanguageModelError) {
    if (err.code === 'NoPermissions')
      return new ProviderError('auth', `VS Code did not allow Budget Agent to use this model (${err.message}). Allow it when VS Code asks, or pick another model with 'Budget Agent: Select Model…'.`, { cause: err });
    if (err.code === 'NotFound')
      return new ProviderError('not_found', `The selected VS Code language model is no longer available (${err.message}). Pick another with 'Budget Agent: Select Model…'.`, { cause: err });
    if (err.code === 'Blocked')
      return new ProviderError('rate_limit', `The VS Code language model refused the request: quota or rate limit (${err.message}). Wait and retry, or switch provider.`, { retryable: true, cause: err });
  }
  return new ProviderError('server', `The VS Code language model failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/** Picks a chat model offered by VS Code (respecting its consent flow on first use). */
export async function selectVsCodeLmProvider(modelId?: string): Promise<VsCodeLmProvider> {
  const models = await vscode.lm.selectChatModels(modelId ? { id: modelId } : undefined);
  const chosen = models[0];
  if (!chosen)
    throw new ProviderError('not_found', modelId ? `No VS Code language model with id '${modelId}'. Run 'Budget Agent: Select Model…' to pick one.` : 'VS Code offers no language models here (is GitHub Copilot Chat installed and signed in?). Choose the openai or onnx provider in settings instead.');
  return new VsCodeLmProvider(chosen);
}
