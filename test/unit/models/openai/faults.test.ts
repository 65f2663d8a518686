import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../../../src/core/models/types';
import { countChatTokens, countTextTokens } from '../../../../src/core/models/tokens';
import { errorReply, startFakeOpenAI, streamReply } from '../../../helpers/fake-openai-server';
import { API_KEY, MESSAGES, provider, recorder, textOf } from './helpers';

const ZERO = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, estimated: false };

async function rejects(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ProviderError, `expected a ProviderError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

test('429 with Retry-After: waits as asked, retries, and reports both attempts', async () => {
  const server = await startFakeOpenAI([errorReply(429, { retryAfter: 0.08 }), streamReply({ text: ['ok'], usage: { promptTokens: 10, completionTokens: 1 } })]);
  try {
    const r = recorder();
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.text, 'ok');
    const [first, second] = server.chatRequests;
    const waited = (second?.receivedAt ?? 0) - (first?.receivedAt ?? 0);
    assert.ok(waited >= 75, `waited only ${waited} ms`);
    assert.deepEqual(r.charges.map((c) => [c.info.attempt, c.info.outcome]), [[1, 'rate_limit'], [2, 'ok']]);
    assert.deepEqual(r.charges[0]?.usage, ZERO, 'a 429 is a rejection: nothing billed');
    assert.equal(r.charges[1]?.usage.inputTokens, 10);
    const retry = r.events.find((e) => e.type === 'retry');
    assert.deepEqual(retry && retry.type === 'retry' ? [retry.attempt, retry.delayMs] : undefined, [2, 80]);
  } finally {
    await server.close();
  }
});

test('500 then success: the failed attempt is charged its input estimate; backoff applies', async () => {
  const server = await startFakeOpenAI([errorReply(500), streamReply({ text: ['fine'] })]);
  try {
    const r = recorder();
    const result = await provider(server.baseUrl, { retryBaseDelayMs: 40 }).chat(r.request);
    assert.equal(result.text, 'fine');
    assert.equal(server.chatRequests.length, 2);
    assert.deepEqual(r.charges[0]?.usage, { inputTokens: countChatTokens(MESSAGES), cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, estimated: true });
    assert.equal(r.charges[0]?.info.outcome, 'server');
    const retry = r.events.find((e) => e.type === 'retry');
    assert.equal(retry?.type === 'retry' ? retry.delayMs : -1, 20, 'base 40 ms × jitter 0.5 with random() = 0');
  } finally {
    await server.close();
  }
});

test('persistent 503 gives up after maxAttempts with every attempt charged', async () => {
  const server = await startFakeOpenAI(() => errorReply(503, { message: 'overloaded' }));
  try {
    const r = recorder();
    const err = await rejects(provider(server.baseUrl, { maxAttempts: 3 }).chat(r.request));
    assert.equal(err.kind, 'server');
    assert.equal(err.options.status, 503);
    assert.match(err.message, /503.*overloaded.*gave up after 3 attempts/);
    assert.equal(server.chatRequests.length, 3);
    assert.deepEqual(r.charges.map((c) => c.info.attempt), [1, 2, 3]);
  } finally {
    await server.close();
  }
});

test('a Retry-After longer than the allowed delay fails at once and says how long', async () => {
  const server = await startFakeOpenAI([errorReply(429, { retryAfter: 120 })]);
  try {
    const started = Date.now();
    const err = await rejects(provider(server.baseUrl, { maxRetryDelayMs: 1000 }).chat(recorder().request));
    assert.equal(err.kind, 'rate_limit');
    assert.match(err.message, /asked to wait 120 s/);
    assert.ok(Date.now() - started < 500);
    assert.equal(server.chatRequests.length, 1);
  } finally {
    await server.close();
  }
});

test('a connection dropped mid-stream charges what streamed, then retries cleanly', async () => {
  const server = await startFakeOpenAI([streamReply({ text: ['partial ', 'answer ', 'never ends'], dropAfter: 2 }), streamReply({ text: ['whole answer'], usage: false })]);
  try {
    const r = recorder();
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.text, 'whole answer');
    const first = r.charges[0];
    assert.equal(first?.info.outcome, 'network');
    assert.deepEqual(first?.usage, {
      inputTokens: countChatTokens(MESSAGES),
      cachedInputTokens: 0,
      outputTokens: countTextTokens('partial answer '),
      reasoningTokens: 0,
      estimated: true,
    });
    assert.equal(r.charges[1]?.info.outcome, 'ok');
    // The consumer saw the partial text, then a retry event, then the new answer.
    const kinds = r.events.map((e) => e.type);
    assert.deepEqual(kinds, ['text', 'text', 'retry', 'text']);
  } finally {
    await server.close();
  }
});

test('a dropped connection with no answer is a network error after the last attempt', async () => {
  const server = await startFakeOpenAI(() => ({ type: 'drop' }));
  try {
    const r = recorder();
    const err = await rejects(provider(server.baseUrl, { maxAttempts: 2 }).chat(r.request));
    assert.equal(err.kind, 'network');
    assert.match(err.message, /connection|reach/);
    assert.equal(r.charges.length, 2);
    assert.equal(r.charges[0]?.usage.inputTokens, countChatTokens(MESSAGES), 'the server may have processed the prompt');
  } finally {
    await server.close();
  }
});

test('cancel during a slow stream aborts the request at once and charges the partial output', async () => {
  const server = await startFakeOpenAI([streamReply({ text: Array.from({ length: 100 }, (_, i) => ` w${i}`), delayMs: 20 })]);
  try {
    const controller = new AbortController();
    const r = recorder({ signal: controller.signal });
    let abortedAt = 0;
    r.request.onEvent = (e) => {
      r.events.push(e);
      if (e.type === 'text' && r.events.length === 3) {
        abortedAt = Date.now();
        controller.abort();
      }
    };
    const result = await provider(server.baseUrl).chat(r.request);
    const returnedAfter = Date.now() - abortedAt;
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.text, ' w0 w1 w2');
    assert.ok(returnedAfter < 300, `returned ${returnedAfter} ms after abort`);
    assert.equal(r.charges.length, 1);
    assert.equal(r.charges[0]?.info.outcome, 'cancelled');
    assert.deepEqual(r.charges[0]?.usage, { inputTokens: countChatTokens(MESSAGES), cachedInputTokens: 0, outputTokens: countTextTokens(' w0 w1 w2'), reasoningTokens: 0, estimated: true });
    await new Promise((res) => setTimeout(res, 30));
    const closed = server.chatRequests[0]?.clientClosedAt;
    assert.ok(closed !== undefined && closed - abortedAt < 300, 'the HTTP request was aborted');
    assert.equal(server.chatRequests.length, 1, 'no retry after a cancel');
  } finally {
    await server.close();
  }
});

test('cancel before the server answers returns cancelled and charges the input estimate', async () => {
  const server = await startFakeOpenAI([{ type: 'hang' }]);
  try {
    const controller = new AbortController();
    const r = recorder({ signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(r.charges[0]?.usage.inputTokens, countChatTokens(MESSAGES));
  } finally {
    await server.close();
  }
});

test('an already-aborted signal sends nothing and charges nothing', async () => {
  const server = await startFakeOpenAI([streamReply({ text: ['x'] })]);
  try {
    const r = recorder({ signal: AbortSignal.abort() });
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(server.requests.length, 0);
    assert.equal(r.charges.length, 0);
  } finally {
    await server.close();
  }
});

test('a server that goes silent hits the idle timeout', async () => {
  const server = await startFakeOpenAI(() => ({ type: 'hang' }));
  try {
    const r = recorder();
    const err = await rejects(provider(server.baseUrl, { timeoutMs: 60, maxAttempts: 2 }).chat(r.request));
    assert.equal(err.kind, 'timeout');
    assert.equal(server.chatRequests.length, 2);
    assert.deepEqual(r.charges.map((c) => c.info.outcome), ['timeout', 'timeout']);
  } finally {
    await server.close();
  }
});

test('401 says the key was rejected and how to set it, without retrying or echoing the key', async () => {
  const server = await startFakeOpenAI([errorReply(401, { message: `Incorrect API key provided: ${API_KEY}` })]);
  try {
    const r = recorder();
    const err = await rejects(provider(server.baseUrl).chat(r.request));
    assert.equal(err.kind, 'auth');
    assert.equal(err.retryable, false);
    assert.match(err.message, /API key/);
    assert.match(err.message, /Budget Agent: Set API Key/);
    assert.ok(!err.message.includes(API_KEY), err.message);
    assert.equal(server.chatRequests.length, 1);
    assert.deepEqual(r.charges[0]?.usage, ZERO);
  } finally {
    await server.close();
  }
});

test('404, context-length 400, and malformed SSE map to their kinds', async () => {
  const server = await startFakeOpenAI([
    errorReply(404, { message: 'The model `nope` does not exist' }),
    errorReply(400, { body: { error: { message: "This model's maximum context length is 128000 tokens", code: 'context_length_exceeded' } } }),
    streamReply({ deltas: [{ content: 'a' }, { rawLine: 'data: {not json\n\n' }] }),
  ]);
  try {
    const p = provider(server.baseUrl);
    assert.equal((await rejects(p.chat(recorder().request))).kind, 'not_found');
    assert.equal((await rejects(p.chat(recorder().request))).kind, 'context_length');
    const malformed = await rejects(p.chat(recorder().request));
    assert.equal(malformed.kind, 'malformed');
    assert.equal(server.chatRequests.length, 3, 'none of these is retried');
  } finally {
    await server.close();
  }
});

test('connection refused is a network error that charges nothing', async () => {
  const server = await startFakeOpenAI([]);
  const { baseUrl } = server;
  await server.close();
  const r = recorder();
  const err = await rejects(provider(baseUrl, { maxAttempts: 2 }).chat(r.request));
  assert.equal(err.kind, 'network');
  assert.match(err.message, /could not reach .*ECONNREFUSED/);
  assert.deepEqual(r.charges.map((c) => c.usage), [ZERO, ZERO]);
  assert.equal(textOf(r.events), '');
});

test('a cancelled stream returns no half-streamed tool calls; a zero output cap is refused before sending', async () => {
  const server = await startFakeOpenAI([
    streamReply({ deltas: [{ toolCall: { index: 0, id: 'c1', name: 'write_file', arguments: '{"path":"a"}' } }, { toolCall: { index: 0, arguments: ',' } }], delayMs: 200 }),
  ]);
  try {
    const controller = new AbortController();
    const r = recorder({ signal: controller.signal });
    setTimeout(() => controller.abort(), 60);
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.finishReason, 'cancelled');
    assert.deepEqual(result.toolCalls, []);
    assert.ok((r.charges[0]?.usage.outputTokens ?? 0) > 0, 'the streamed fragment is still charged');

    const err = await rejects(provider(server.baseUrl).chat(recorder({ maxOutputTokens: 0 }).request));
    assert.equal(err.kind, 'bad_request');
    assert.equal(server.chatRequests.length, 1);
  } finally {
    await server.close();
  }
});
