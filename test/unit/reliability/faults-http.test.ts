// Fault injection, HTTP side: the real agent loop against a fake server that
// fails in every way a real endpoint does. For each fault the run recovers or
// ends as designed, the message says what happened and what to do, and the
// ledger (RunBudget + SpendStore file) holds every charge the provider reported.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { APIConnectionError } from 'openai';
import { toProviderError } from '../../../src/core/models/openai/errors';
import { errorReply, startFakeOpenAI, streamReply, type FakeReply } from '../../helpers/fake-openai-server';
import { assertLedgerComplete, printFigures, runFault, text, tried } from './harness';

after(printFigures);
const SUITE = 'faults (HTTP)';
const fault = (name: string, fn: () => Promise<string | void>) => test(name, () => tried(SUITE, name, fn));

fault('429 with Retry-After: waits as asked, retries, answers; the rejected attempt is a zero charge', async () => {
  const r = await runFault([errorReply(429, { retryAfter: 0.05 }), text('The answer is 42.')]);
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.equal(r.summary.answer, 'The answer is 42.');
  const [a, b] = r.requests;
  assert.ok((b?.receivedAt ?? 0) - (a?.receivedAt ?? 0) >= 45, 'Retry-After honoured');
  assert.deepEqual(r.provider.reports.map((x) => x.info.outcome), ['rate_limit', 'ok']);
  assert.equal(r.provider.reports[0]?.usage.inputTokens, 0);
  assertLedgerComplete(r, { serverRequests: 2 });
});

fault('429 without Retry-After: exponential backoff, then the answer', async () => {
  const r = await runFault([errorReply(429), errorReply(429), text('42')]);
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.equal(r.requests.length, 3);
  assertLedgerComplete(r, { serverRequests: 3 });
});

fault('429 that persists: the run ends with an error saying it was rate limited and to wait', async () => {
  const r = await runFault(() => errorReply(429));
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /rate limited by .*429.*wait a minute and try again.*gave up after 3 attempts/);
  assertLedgerComplete(r, { serverRequests: 3 });
});

fault('429 insufficient_quota is not retried and says to check billing', async () => {
  const r = await runFault([errorReply(429, { body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } } })]);
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /out of quota.*check billing/);
  assertLedgerComplete(r, { serverRequests: 1 });
});

for (const status of [500, 502, 503]) {
  fault(`${status} then success: recovers; the failed attempt is charged its input estimate`, async () => {
    const r = await runFault([errorReply(status), text('42')]);
    assert.equal(r.summary.stoppedBy, 'answer');
    const [failed, ok] = r.provider.reports;
    assert.equal(failed?.info.outcome, 'server');
    assert.ok((failed?.usage.inputTokens ?? 0) > 0 && failed?.usage.estimated, 'a 5xx may have been billed: input estimate charged');
    assert.equal(ok?.info.outcome, 'ok');
    assertLedgerComplete(r, { serverRequests: 2 });
  });
}

fault('503 that persists: ends with "the server had a problem; try again later", every attempt charged', async () => {
  const r = await runFault(() => errorReply(503, { message: 'overloaded' }));
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /failed with 503 \(overloaded\) — the server had a problem; try again later\. \(gave up after 3 attempts\)/);
  assert.equal(r.provider.reports.length, 3);
  assertLedgerComplete(r, { serverRequests: 3 });
});

fault('connection refused (a closed port): says nothing is listening, charges zero, fast', async () => {
  const closed = await startFakeOpenAI([]);
  const baseUrl = closed.baseUrl;
  await closed.close();
  const r = await runFault([], { baseUrl });
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /could not reach http:\/\/127\.0\.0\.1:\d+\/v1: nothing is listening there \(ECONNREFUSED\) — start the server, or fix the host and port/);
  assert.ok(r.provider.reports.every((x) => x.usage.inputTokens === 0 && x.usage.outputTokens === 0), 'never reached: nothing billed');
  assert.equal(r.summary.spent.usd, 0);
  assertLedgerComplete(r, { serverRequests: 0 });
  return `${r.provider.reports.length} attempts in ${r.ms} ms`;
});

fault('DNS failure (.invalid host): fails at once, no lookup, no retry, no charge, says to fix the base URL', async () => {
  const r = await runFault([], { baseUrl: 'http://api.budget-agent.invalid/v1' });
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /does not resolve .*reserved name.* set the base URL/);
  assert.equal(r.provider.reports.length, 0, 'nothing sent, nothing to charge');
  assert.ok(r.ms < 1500, `took ${r.ms} ms`);
  assertLedgerComplete(r, { serverRequests: 0 });
  // A real name that does not resolve (ENOTFOUND) is not retried either: retrying cannot fix a typo.
  const cause = Object.assign(new Error('getaddrinfo ENOTFOUND api.example.test'), { code: 'ENOTFOUND' });
  const err = toProviderError(new APIConnectionError({ cause }), { baseUrl: 'http://api.example.test/v1', model: 'm', apiKey: '' });
  assert.equal(err.kind, 'network');
  assert.equal(err.retryable, false);
  assert.match(err.message, /does not resolve \(ENOTFOUND\) — check the base URL/);
});

fault('timeout (server never answers): idle timeout per attempt, retried, then a message saying to try again or raise it', async () => {
  const r = await runFault(() => ({ type: 'hang' }) as FakeReply, { provider: { timeoutMs: 150, maxAttempts: 2 } });
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /sent nothing for 150 ms — the server may be overloaded; try again or raise the timeout\. \(gave up after 2 attempts\)/);
  assert.deepEqual(r.provider.reports.map((x) => x.info.outcome), ['timeout', 'timeout']);
  assert.ok(r.provider.reports.every((x) => x.usage.inputTokens > 0), 'the server took the request: input estimate charged');
  assertLedgerComplete(r, { serverRequests: 2 });
});

fault('timeout then success: a stalled stream is cut by the idle timer and the retry answers', async () => {
  const r = await runFault([streamReply({ text: ['The ', 'answer'], delayMs: 1000 }), text('42')], { provider: { timeoutMs: 150 } });
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.equal(r.summary.answer, '42');
  assert.equal(r.provider.reports[0]?.info.outcome, 'timeout');
  assert.ok((r.provider.reports[0]?.usage.outputTokens ?? 0) >= 1, 'the streamed part is charged');
  assertLedgerComplete(r, { serverRequests: 2 });
});

fault('a stream that stops mid-token: the partial output is charged, the retry answers', async () => {
  const r = await runFault([streamReply({ text: ['The answer is 4', '2, as the READ', 'ME says.'], dropAfter: 1 }), text('42')]);
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.equal(r.summary.answer, '42', 'the torn attempt left nothing in the answer');
  const torn = r.provider.reports[0];
  assert.equal(torn?.info.outcome, 'network');
  assert.ok((torn?.usage.outputTokens ?? 0) >= 4, 'what streamed before the drop is charged');
  assertLedgerComplete(r, { serverRequests: 2 });
});

fault('a stream that always breaks: ends with "the connection broke — check the network or the server"', async () => {
  const r = await runFault(() => streamReply({ text: ['part', 'ial'], dropAfter: 1 }));
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /the connection to .* broke .*check the network or the server.*gave up after 3 attempts/);
  assertLedgerComplete(r, { serverRequests: 3 });
});

fault('a stream that never sends usage: counted with the tokenizer, marked estimated in the ledger', async () => {
  const r = await runFault([streamReply({ text: ['The answer ', 'is 42.'], usage: false })]);
  assert.equal(r.summary.stoppedBy, 'answer');
  const line = r.lines.find((l) => l.k === 'c');
  assert.ok(line && line.k === 'c' && line.estimated && line.inputTokens > 0 && line.outputTokens >= 4);
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('malformed SSE: a clear "not valid OpenAI JSON" error, not retried, the attempt charged', async () => {
  const r = await runFault([streamReply({ deltas: [{ content: 'ok' }, { rawLine: 'data: {"choices": [ this is not json\n\n' }] })]);
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /not valid OpenAI JSON .*is the base URL an OpenAI-compatible endpoint\?/);
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('an HTML page instead of an API (200, text/html): the run ends with an error, never hangs', async () => {
  const r = await runFault(() => ({ type: 'raw', status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Login required</body></html>' }));
  assert.equal(r.summary.stoppedBy, 'error');
  assert.equal(r.summary.answer, null);
  assert.match(r.summary.error ?? '', /answered without a completion .*is the base URL an OpenAI-compatible endpoint/);
  assert.equal(r.requests.length, 1, 'not retried');
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('a 10 MB response from a server that ignores max_tokens: cut near the cap, charged as received, clear error', async () => {
  const chunk = ' a'.repeat(32 * 1024); // 64 KiB, 32 768 tokens
  const r = await runFault(() => streamReply({ text: Array.from({ length: 160 }, () => chunk), enforceMaxTokens: false }), { limits: { maxTokens: 6000 } });
  assert.equal(r.summary.stoppedBy, 'error');
  assert.match(r.summary.error ?? '', /kept streaming past the \d+-token output cap .*ignores max_tokens.*use a server that honours max_tokens/);
  assert.ok(r.summary.spent.outputTokens < 2 * 32_768, `charged ${r.summary.spent.outputTokens} output tokens: what arrived before the cut, not 10 MB`);
  assert.equal(r.provider.reports.length, 1, 'not retried');
  assertLedgerComplete(r, { serverRequests: 1 });
  return `charged ${r.summary.spent.outputTokens} output tokens for a reply of 5 242 880`;
});
