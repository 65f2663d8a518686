// Shared test plumbing: a provider pointed at a fake server, and a request
// that records every event and every charge.

import { OpenAIProvider } from '../../../../src/core/models/openai';
import type { OpenAIProviderOptions } from '../../../../src/core/models/openai';
import type { AttemptInfo, ChatMessage, ChatRequest, ChatStreamEvent, ReportedUsage } from '../../../../src/core/models/types';

export const API_KEY = 'sk-test-secret-1234567890';

export function provider(baseUrl: string, opts: Partial<OpenAIProviderOptions> = {}): OpenAIProvider {
  return new OpenAIProvider({ baseUrl, apiKey: API_KEY, model: 'gpt-4o', retryBaseDelayMs: 5, random: () => 0, timeoutMs: 2000, ...opts });
}

export interface Recorder {
  events: ChatStreamEvent[];
  charges: { usage: ReportedUsage; info: AttemptInfo }[];
  request: ChatRequest;
}

export const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello.' },
];

export function recorder(overrides: Partial<ChatRequest> = {}): Recorder {
  const events: ChatStreamEvent[] = [];
  const charges: { usage: ReportedUsage; info: AttemptInfo }[] = [];
  const request: ChatRequest = {
    messages: MESSAGES,
    maxOutputTokens: 100,
    onEvent: (e) => events.push(e),
    onUsage: (usage, info) => charges.push({ usage, info }),
    ...overrides,
  };
  return { events, charges, request };
}

export function textOf(events: ChatStreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
}
