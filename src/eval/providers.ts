// The model behind an evaluation: any OpenAI-compatible endpoint, or a local
// ONNX model folder. The API key is read from an environment variable, never
// from an argument (it would land in shell history and process lists).
import { PriceTable, type ModelPrice } from '../core/budget/pricing';
import { createOnnxProvider } from '../core/models/onnx';
import { OpenAIProvider } from '../core/models/openai';
import type { ModelProvider } from '../core/models/types';
import type { PricingInfo } from './report';

export type ProviderKind = 'openai' | 'onnx';

export interface ProviderOptions {
  provider?: ProviderKind;
  /** OpenAI-compatible server root including /v1 (default https://api.openai.com/v1). */
  baseUrl?: string;
  model?: string;
  /** Environment variable holding the API key (default OPENAI_API_KEY; may be unset for local servers). */
  apiKeyEnv?: string;
  /** ONNX: model folder (config.json, tokenizer.json, onnx/model.onnx). */
  modelPath?: string;
  /** Per-attempt idle timeout of HTTP calls (ms). */
  timeoutMs?: number;
  /** Attempts per model call, retries included. */
  maxAttempts?: number;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export async function createProvider(options: ProviderOptions, env: NodeJS.ProcessEnv = process.env): Promise<ModelProvider> {
  const kind = options.provider ?? 'openai';
  if (kind === 'onnx') {
    if (!options.modelPath) throw new Error('--provider onnx needs --model-path <folder>');
    return createOnnxProvider({ modelPath: options.modelPath });
  }
  if (!options.model) throw new Error('--model is required for an OpenAI-compatible endpoint');
  return new OpenAIProvider({
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    apiKey: env[options.apiKeyEnv ?? 'OPENAI_API_KEY'] ?? '',
    model: options.model,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  });
}

/**
 * Token prices for the report: an explicit override, else the project's price
 * table (local providers cost $0), else unpriced (tokens counted at $0, said so
 * in the report).
 */
export function resolvePricing(
  provider: Pick<ModelProvider, 'kind' | 'model'>,
  override: Partial<ModelPrice> | undefined,
  toolCallUsd: number,
  table: PriceTable = new PriceTable(),
): { price: ModelPrice | undefined; info: PricingInfo } {
  if (override && override.input !== undefined && override.output !== undefined) {
    const price = { input: override.input, output: override.output, cachedInput: override.cachedInput ?? override.input };
    return { price, info: { ...price, toolCallUsd, source: 'override' } };
  }
  const price = table.resolve(provider.model, provider.kind);
  if (!price) return { price: undefined, info: { input: null, cachedInput: null, output: null, toolCallUsd, source: 'unpriced' } };
  const local = price.input === 0 && price.output === 0 && provider.kind === 'onnx';
  return { price, info: { ...price, toolCallUsd, source: local ? 'local' : 'table' } };
}
