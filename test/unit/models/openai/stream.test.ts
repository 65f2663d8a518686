import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countChatTokens, countTextTokens } from '../../../../src/core/models/tokens';
import { jsonReply, longestCompletion, startFakeOpenAI, streamReply } from '../../../helpers/fake-openai-server';
import { API_KEY, MESSAGES, provider, recorder, textOf } from './helpers';

test('streams text deltas and reports the server usage of the final chunk', async () => {
  const server = await startFakeOpenAI([streamReply({ text: ['Hel', 'lo', ' there'], usage: { promptTokens: 21, completionTokens: 3 } })]);
  try {
    const r = recorder();
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.text, 'Hello there');
    assert.deepEqual(r.events.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : '')), ['Hel', 'lo', ' there']);
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.requestId, 'chatcmpl-fake-0');
    assert.deepEqual(result.usage, { inputTokens: 21, cachedInputTokens: 0, outputTokens: 3, reasoningTokens: 0, estimated: false });
    assert.equal(r.charges.length, 1);
    assert.deepEqual(r.charges[0]?.usage, result.usage);
    assert.equal(r.charges[0]?.info.outcome, 'ok');
    assert.equal(r.charges[0]?.info.attempt, 1);

    const sent = server.chatRequests[0];
    assert.equal(sent?.body.stream, true);
    assert.deepEqual(sent?.body.stream_options, { include_usage: true });
    assert.equal(sent?.body.model, 'gpt-4o');
    assert.equal(sent?.headers.authorization, `Bearer ${API_KEY}`);
    assert.deepEqual(sent?.body.messages, [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello.' },
    ]);
  } finally {
    await server.close();
  }
});

for (const shape of ['empty', 'null', 'absent', 'on-finish'] as const) {
  test(`reads usage from a final chunk whose choices are ${shape}`, async () => {
    const server = await startFakeOpenAI([streamReply({ text: ['ok'], usage: { promptTokens: 11, completionTokens: 5 }, usageChoices: shape })]);
    try {
      const r = recorder();
      const result = await provider(server.baseUrl).chat(r.request);
      assert.equal(result.text, 'ok');
      assert.equal(result.usage.inputTokens, 11);
      assert.equal(result.usage.outputTokens, 5);
      assert.equal(result.usage.estimated, false);
    } finally {
      await server.close();
    }
  });
}

test('a server that sends no usage is counted with the tokenizer and marked estimated', async () => {
  const server = await startFakeOpenAI([streamReply({ text: ['The answer', ' is forty-two.'], usage: false })]);
  try {
    const r = recorder();
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.usage.estimated, true);
    assert.equal(result.usage.inputTokens, countChatTokens(MESSAGES));
    assert.equal(result.usage.outputTokens, countTextTokens('The answer is forty-two.'));
    assert.ok(result.usage.outputTokens > 0);
    assert.equal(r.charges[0]?.usage.estimated, true);
  } finally {
    await server.close();
  }
});

test('reasoning deltas become thinking events; reasoning and cached tokens are read', async () => {
  const server = await startFakeOpenAI([
    streamReply({ reasoning: ['Let me ', 'think.'], text: ['42'], usage: { promptTokens: 50, cachedTokens: 32, completionTokens: 40, reasoningTokens: 38 } }),
    streamReply({ reasoning: ['Hmm.'], text: ['7'], reasoningField: 'reasoning', usage: false }),
  ]);
  try {
    const p = provider(server.baseUrl, { model: 'o4-mini' });
    const r = recorder();
    const result = await p.chat(r.request);
    assert.equal(result.thinking, 'Let me think.');
    assert.equal(result.text, '42');
    assert.deepEqual(r.events.filter((e) => e.type === 'thinking').map((e) => (e.type === 'thinking' ? e.delta : '')), ['Let me ', 'think.']);
    assert.deepEqual(result.usage, { inputTokens: 50, cachedInputTokens: 32, outputTokens: 40, reasoningTokens: 38, estimated: false });

    // OpenRouter/Ollama style `reasoning` field, no usage: reasoning counted into output.
    const second = await p.chat(recorder().request);
    assert.equal(second.thinking, 'Hmm.');
    assert.equal(second.usage.estimated, true);
    assert.equal(second.usage.reasoningTokens, countTextTokens('Hmm.'));
    assert.equal(second.usage.outputTokens, countTextTokens('Hmm.') + countTextTokens('7'));
  } finally {
    await server.close();
  }
});

test('two parallel tool calls streamed as interleaved fragments are assembled', async () => {
  const server = await startFakeOpenAI([
    streamReply({
      deltas: [
        { toolCall: { index: 0, id: 'call_a', name: 'read_file', arguments: '' } },
        { toolCall: { index: 1, id: 'call_b', name: 'search', arguments: '{"q' } },
        { toolCall: { index: 0, arguments: '{"path":' } },
        { toolCall: { index: 1, arguments: '":"foo"}' } },
        { toolCall: { index: 0, arguments: '"a.ts"}' } },
      ],
    }),
  ]);
  try {
    const r = recorder({ tools: [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }] });
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.finishReason, 'tool_calls');
    assert.deepEqual(result.toolCalls, [
      { id: 'call_a', name: 'read_file', argumentsJson: '{"path":"a.ts"}' },
      { id: 'call_b', name: 'search', argumentsJson: '{"q":"foo"}' },
    ]);
    assert.deepEqual(r.events.filter((e) => e.type === 'tool_call').map((e) => (e.type === 'tool_call' ? e.call.id : '')), ['call_a', 'call_b']);
    assert.deepEqual(server.chatRequests[0]?.body.tools, [
      { type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object' } } },
    ]);
  } finally {
    await server.close();
  }
});

test('assistant tool calls and tool results are sent back in OpenAI form', async () => {
  const server = await startFakeOpenAI([streamReply({ text: ['done'] })]);
  try {
    const r = recorder({
      messages: [
        { role: 'user', content: 'read it' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', argumentsJson: '{"path":"x"}' }] },
        { role: 'tool', content: 'file body', toolCallId: 'c1' },
      ],
    });
    await provider(server.baseUrl).chat(r.request);
    assert.deepEqual(server.chatRequests[0]?.body.messages?.slice(1), [
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"x"}' } }] },
      { role: 'tool', content: 'file body', tool_call_id: 'c1' },
    ]);
  } finally {
    await server.close();
  }
});

test('non-streaming mode reads a JSON completion', async () => {
  const server = await startFakeOpenAI([jsonReply({ text: 'plain', toolCalls: [{ id: 't1', name: 'ls', arguments: '{}' }], usage: { promptTokens: 9, completionTokens: 4 } })]);
  try {
    const result = await provider(server.baseUrl, { stream: false }).chat(recorder().request);
    assert.equal(server.chatRequests[0]?.body.stream, false);
    assert.equal(server.chatRequests[0]?.body.stream_options, undefined);
    assert.equal(result.text, 'plain');
    assert.deepEqual(result.toolCalls, [{ id: 't1', name: 'ls', argumentsJson: '{}' }]);
    assert.equal(result.finishReason, 'tool_calls');
    assert.equal(result.usage.inputTokens, 9);
  } finally {
    await server.close();
  }
});

test('against the adversarial longest-completion server, output equals the cap it was given', async () => {
  const server = await startFakeOpenAI((body) => longestCompletion(body));
  try {
    const r = recorder({ maxOutputTokens: 37 });
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(server.chatRequests[0]?.body.max_tokens, 37);
    assert.equal(result.finishReason, 'length');
    assert.equal(result.usage.outputTokens, 37);
    assert.equal(countTextTokens(result.text), 37);
  } finally {
    await server.close();
  }
});

test('countTokens counts messages with chat overhead, and tools on top', async () => {
  const p = provider('http://127.0.0.1:9/v1');
  const bare = await p.countTokens(MESSAGES);
  assert.equal(bare, countTextTokens('You are terse.') + countTextTokens('Say hello.') + 2 * 4 + 3);
  const withTools = await p.countTokens(MESSAGES, [{ name: 'grep', description: 'Search files', parameters: { type: 'object', properties: { q: { type: 'string' } } } }]);
  assert.ok(withTools > bare + 10, `${withTools} vs ${bare}`);
});

test('listModels reads /models', async () => {
  const server = await startFakeOpenAI([], { models: ['gpt-4o', 'o3-mini', { id: 'local', object: 'model', context_length: 8192 }] });
  try {
    const models = await provider(server.baseUrl).listModels();
    assert.deepEqual(models, [
      { id: 'gpt-4o', reasoning: false },
      { id: 'o3-mini', reasoning: true },
      { id: 'local', reasoning: false, contextWindow: 8192 },
    ]);
    assert.equal(server.requests[0]?.path, '/v1/models');
  } finally {
    await server.close();
  }
});

test('a provider whose events listener throws still completes and charges', async () => {
  const server = await startFakeOpenAI([streamReply({ text: ['a', 'b'] })]);
  try {
    const r = recorder({ onEvent: () => { throw new Error('listener bug'); } });
    const result = await provider(server.baseUrl).chat(r.request);
    assert.equal(result.text, 'ab');
    assert.equal(r.charges.length, 1);
    assert.equal(textOf(r.events), '');
  } finally {
    await server.close();
  }
});
