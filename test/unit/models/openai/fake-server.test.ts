// The fake server's own guarantees that other suites rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countFakeTokens, fillerText, startFakeOpenAI, streamReply } from '../../../helpers/fake-openai-server';

async function post(baseUrl: string, body: unknown): Promise<{ status: number; text: string; json?: unknown }> {
  const res = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return res.headers.get('content-type')?.includes('json') ? { status: res.status, text, json: JSON.parse(text) } : { status: res.status, text };
}

test('fillerText(n) is exactly n tokens', () => {
  for (const n of [0, 1, 7, 100]) assert.equal(countFakeTokens(fillerText(n)), n);
});

test('a reply longer than max_tokens is cut at exactly the cap with finish_reason length', async () => {
  const server = await startFakeOpenAI(() => streamReply({ text: [fillerText(10), fillerText(10)], usage: {} }));
  try {
    const { text } = await post(server.baseUrl, { messages: [], stream: true, max_tokens: 13, stream_options: { include_usage: true } });
    const chunks = text.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)) as { choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: { completion_tokens: number } });
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(countFakeTokens(content), 13);
    assert.equal(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason, 'length');
    assert.equal(chunks.at(-1)?.usage?.completion_tokens, 13);
    assert.ok(text.endsWith('data: [DONE]\n\n'));
  } finally {
    await server.close();
  }
});

test('a stream reply to a non-streaming request is served as JSON; an exhausted script answers 418', async () => {
  const server = await startFakeOpenAI([streamReply({ text: ['a', 'b'], toolCalls: [{ id: 'c', name: 'f', argumentFragments: ['{', '}'] }] })]);
  try {
    const first = await post(server.baseUrl, { messages: [{ role: 'user', content: 'x' }] });
    assert.deepEqual((first.json as { choices: unknown[] }).choices[0], {
      index: 0,
      message: { role: 'assistant', content: 'ab', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    const second = await post(server.baseUrl, { messages: [] });
    assert.equal(second.status, 418);
    assert.match(second.text, /no reply for chat request #1/);
    assert.equal(server.chatRequests.length, 2);
  } finally {
    await server.close();
  }
});
