// ModelProvider for local ONNX models (Optimum/transformers.js folders).
// Creating it reads only JSON and the tokenizer; onnxruntime-node and the
// graph are loaded on the first chat(), so extension activation stays fast.

import type { ChatMessage, ChatRequest, ChatResult, ModelInfo, ModelProvider, ReportedUsage, ToolSpec } from '../types';
import { ProviderError } from '../types';
import { generate } from './generate';
import { KvCacheSequence } from './kvCache';
import { loadModelFolder } from './modelFolder';
import type { ModelFolder } from './modelFolder';
import { buildPrompt, createRenderer } from './prompt';
import { createSession } from './runtime';
import type { GraphIo, OrtModule, OrtSession } from './runtime';
import { Sampler } from './sampler';
import { detectThinkMarkers, promptOpensThinking, resolveMarkers } from './thinking';
import type { ResolvedMarkers, ThinkMarkers } from './thinking';
import { loadTokenizer } from './tokenizer';
import type { LocalTokenizer } from './tokenizer';

export interface OnnxProviderOptions {
  /** Folder with config.json, tokenizer.json, onnx/model.onnx. */
  modelPath: string;
  /** onnxruntime intra-op threads (default 1: fastest for small models on small machines). */
  intraOpThreads?: number;
  /**
   * Thinking-span markers. Default: <think> / </think> when the vocabulary
   * has them; null: no thinking handling at all.
   */
  thinkMarkers?: ThinkMarkers | null;
}

interface Loaded {
  ort: OrtModule;
  session: OrtSession;
  io: GraphIo;
}

export class OnnxProvider implements ModelProvider {
  readonly kind = 'onnx';
  readonly model: string;
  readonly contextWindow: number;
  private loaded?: Promise<Loaded>;

  constructor(
    readonly folder: ModelFolder,
    readonly tokenizer: LocalTokenizer,
    private readonly render: Awaited<ReturnType<typeof createRenderer>>,
    private readonly markers: ResolvedMarkers | undefined,
    private readonly intraOpThreads: number,
  ) {
    this.model = folder.name;
    this.contextWindow = folder.maxPositions;
  }

  async countTokens(messages: ChatMessage[], tools?: ToolSpec[]): Promise<number> {
    return buildPrompt(this.tokenizer, this.render, messages, tools).ids.length;
  }

  async listModels(): Promise<ModelInfo[]> {
    return [{ id: this.model, contextWindow: this.contextWindow, reasoning: this.markers !== undefined }];
  }

  /** Opens the ONNX session once (lazily loading onnxruntime-node); a failure is retried next time. */
  private session(): Promise<Loaded> {
    this.loaded ??= createSession(this.folder, { intraOpThreads: this.intraOpThreads }).catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const t0 = performance.now();
    if (!Number.isFinite(request.maxOutputTokens) || request.maxOutputTokens < 0) {
      throw new ProviderError('bad_request', `maxOutputTokens must be a non-negative number, got ${request.maxOutputTokens}.`);
    }
    const prompt = buildPrompt(this.tokenizer, this.render, request.messages, request.tools);
    if (prompt.ids.length >= this.contextWindow) {
      throw new ProviderError('context_length', `The prompt has ${prompt.ids.length} tokens; ${this.model} holds ${this.contextWindow} in all, with room needed for the answer. Shorten the conversation.`);
    }
    const { ort, session, io } = await this.session();
    const seq = new KvCacheSequence(ort, session, io, this.contextWindow, this.folder.numKvHeads, this.folder.headDim);
    const sampler = new Sampler({ temperature: request.temperature, topK: request.topK, topP: request.topP, seed: request.seed });

    let out;
    try {
      out = await generate(seq, sampler, this.tokenizer, {
        promptIds: prompt.ids,
        maxOutputTokens: request.maxOutputTokens,
        maxPositions: this.contextWindow,
        eosIds: this.folder.eosTokenIds,
        stop: request.stop,
        markers: this.markers,
        startInThinking: this.markers ? promptOpensThinking(prompt.text, this.markers) : false,
        limits: request.thinking
          ? { budgetTokens: request.thinking.budgetTokens, answerTokens: request.thinking.answerTokens, minTokens: request.thinking.minTokens }
          : undefined,
        signal: request.signal,
        onEvent: request.onEvent,
      });
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      throw new ProviderError('server', `Local model ${this.model} failed while generating: ${(err as Error).message}`, { cause: err });
    }

    // Counted exactly: we produced every token ourselves.
    const usage: ReportedUsage = {
      inputTokens: prompt.ids.length,
      cachedInputTokens: 0,
      outputTokens: out.outputIds.length,
      reasoningTokens: out.reasoningTokens,
      estimated: false,
    };
    const latencyMs = performance.now() - t0;
    request.onUsage?.(usage, { attempt: 1, outcome: out.finishReason === 'cancelled' ? 'cancelled' : 'ok', latencyMs });
    return { text: out.text, thinking: out.thinking, toolCalls: [], usage, finishReason: out.finishReason, latencyMs };
  }

  async dispose(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (loaded) await (await loaded.catch(() => undefined))?.session.release();
  }
}

export async function createOnnxProvider(options: OnnxProviderOptions): Promise<OnnxProvider> {
  const folder = await loadModelFolder(options.modelPath);
  const tokenizer = await loadTokenizer(folder);
  const render = await createRenderer(folder);
  const markerConfig = options.thinkMarkers === null ? undefined : (options.thinkMarkers ?? detectThinkMarkers(tokenizer));
  const markers = markerConfig ? resolveMarkers(markerConfig, tokenizer) : undefined;
  return new OnnxProvider(folder, tokenizer, render, markers, options.intraOpThreads ?? 1);
}
