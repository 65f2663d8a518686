export { OpenAIProvider, createOpenAIProvider } from './provider';
export type { OpenAIProviderOptions } from './options';
export { effortForBudget, isReasoningModel } from './options';
