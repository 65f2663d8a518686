// Builds the model provider a run asks for. (onnxruntime-node itself is
// loaded lazily by the ONNX provider, so the OpenAI path never loads it.)
import { createOnnxProvider } from '../core/models/onnx';
import { createOpenAIProvider } from '../core/models/openai';
import type { ModelProvider } from '../core/models/types';
import { DEFAULT_BASE_URL, UsageError, type RunConfig } from './args';

export async function createProvider(config: RunConfig, env: NodeJS.ProcessEnv): Promise<ModelProvider> {
  if (config.provider === 'onnx') {
    return createOnnxProvider({ modelPath: config.modelPath!, intraOpThreads: config.threads });
  }
  const apiKey = env[config.apiKeyEnv];
  // Local OpenAI-compatible servers need no key; OpenAI itself does.
  if (!apiKey && config.baseUrl === DEFAULT_BASE_URL) {
    throw new UsageError(`No API key: set the environment variable ${config.apiKeyEnv} (or name another with --api-key-env).`);
  }
  return createOpenAIProvider({ baseUrl: config.baseUrl, apiKey: apiKey ?? '', model: config.model });
}
