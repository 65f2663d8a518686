import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyTeamAllowance, createTeamBudgetSource, parseTeamBudgetDoc, teamLimits } from '../../../src/core/team';
import type { TeamAllowance } from '../../../src/core/team';

// A moment in November 2026 (UTC); the documents below are for that month.
const NOW = Date.parse('2026-11-14T12:00:00Z');
const DOC = { team: 'payments', period: '2026-11', monthlyCapUsd: 500, spentUsd: 120, updatedAt: '2026-11-14T09:30:00Z' };

// A loopback team-budget server: each path answers its own way; requests are counted.
let server: Server;
let base = '';
const hits = new Map<string, number>();
let lastHeaders: IncomingHttpHeaders = {};
let served: unknown = DOC;

before(async () => {
  server = createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    lastHeaders = req.headers;
    switch (new URL(req.url ?? '/', 'http://x').pathname) {
      case '/doc':
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
      case '/invalid':
        return res.writeHead(200).end(JSON.stringify({ team: '', period: '2026-13', monthlyCapUsd: -5, spentUsd: '12', updatedAt: 'yesterday' }));
      case '/not-json':
        return res.writeHead(200).end('<html>login</html>');
      case '/error':
        return res.writeHead(503, 'Service Unavailable').end();
      case '/slow':
        return void setTimeout(() => res.writeHead(200).end(JSON.stringify(DOC)), 2000).unref();
      default:
        return res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function allowed(a: TeamAllowance): Extract<TeamAllowance, { status: 'allowed' }> {
  assert.equal(a.status, 'allowed', JSON.stringify(a));
  return a as Extract<TeamAllowance, { status: 'allowed' }>;
}

test('a valid document: remaining = cap - team spend - local unsynced spend, as an extra maxUsd', async () => {
  served = DOC;
  const source = createTeamBudgetSource({ url: `${base}/doc?token=abc`, headers: { authorization: 'Bearer t' }, now: () => NOW });
  const a = allowed(await source.teamAllowance(30));
  assert.equal(a.remainingUsd, 350);
  assert.equal(a.snapshot.team, 'payments');
  assert.match(a.message, /\$350\.00 left, \$150\.00 of \$500\.00 spent in 2026-11 \(incl\. \$30\.00 local/);
  assert.equal(lastHeaders.authorization, 'Bearer t');
  assert.deepEqual(teamLimits(a), { maxUsd: 350 });
  // The tighter cap wins; other limits are kept.
  assert.deepEqual(applyTeamAllowance({ maxUsd: 2, maxTokens: 1000 }, a).limits, { maxUsd: 2, maxTokens: 1000 });
  assert.deepEqual(applyTeamAllowance({ maxTokens: 1000 }, a).limits, { maxUsd: 350, maxTokens: 1000 });
});

test('local unsynced spend can be computed from the document updatedAt', async () => {
  served = DOC;
  const source = createTeamBudgetSource({ url: `${base}/doc`, now: () => NOW });
  let since = 0;
  const a = allowed(await source.teamAllowance((ms) => ((since = ms), 5)));
  assert.equal(since, Date.parse(DOC.updatedAt));
  assert.equal(a.remainingUsd, 375);
});

test('team cap reached: refusal with a reason, and maxUsd 0', async () => {
  served = { ...DOC, spentUsd: 490 };
  const source = createTeamBudgetSource({ url: `${base}/doc`, now: () => NOW });
  const a = await source.teamAllowance(10);
  assert.equal(a.status, 'refused');
  assert.match((a as { reason: string }).reason, /Team budget for "payments" is used up: \$500\.00 of \$500\.00 spent in 2026-11/);
  const applied = applyTeamAllowance({ maxUsd: 1 }, a);
  assert.equal(applied.limits.maxUsd, 0);
  assert.ok(applied.refusal);
});

test('an invalid document is rejected with every problem named; local caps apply', async () => {
  const source = createTeamBudgetSource({ url: `${base}/invalid`, now: () => NOW });
  const a = await source.teamAllowance(0);
  assert.equal(a.status, 'unavailable');
  const { message } = a as { message: string };
  for (const field of ['team', 'period', 'monthlyCapUsd', 'spentUsd', 'updatedAt']) assert.match(message, new RegExp(`${field}:`));
  assert.match(message, /using local budget caps only/);
  const applied = applyTeamAllowance({ maxUsd: 1 }, a);
  assert.deepEqual(applied.limits, { maxUsd: 1 });
  assert.equal(applied.refusal, undefined);
  assert.equal(applied.notice, message);
});

test('parseTeamBudgetDoc accepts offsets and rejects a non-object', () => {
  assert.equal(parseTeamBudgetDoc({ ...DOC, updatedAt: '2026-11-14T10:30:00+01:00' }).ok, true);
  const bad = parseTeamBudgetDoc([1, 2]);
  assert.equal(bad.ok, false);
  assert.match((bad as { message: string }).message, /^invalid team budget document: \(document\)/);
});

test('unreachable, failing, slow or non-JSON sources fall back with a clear message, never throw', async () => {
  const cases: Array<[string, RegExp]> = [
    [`http://127.0.0.1:${await closedPort()}/doc`, /is unreachable \(ECONNREFUSED\)/],
    [`${base}/error`, /answered HTTP 503 Service Unavailable/],
    [`${base}/not-json`, /did not return JSON/],
    [`${base}/slow`, /did not answer within 200 ms/],
    ['file:///etc/passwd', /is not an http\(s\) URL/],
  ];
  for (const [url, expected] of cases) {
    const source = createTeamBudgetSource({ url, timeoutMs: 200, now: () => NOW });
    const a = await source.teamAllowance(0);
    assert.equal(a.status, 'unavailable', url);
    assert.match((a as { message: string }).message, expected);
    assert.match((a as { message: string }).message, /using local budget caps only/);
    assert.deepEqual(teamLimits(a), {});
  }
});

test('messages never show the query string (it may hold a token)', async () => {
  const source = createTeamBudgetSource({ url: `${base}/error?key=s3cr3t`, now: () => NOW });
  const a = await source.teamAllowance(0);
  assert.ok(!(a as { message: string }).message.includes('s3cr3t'));
});

test('a document for last month or for another team is not used', async () => {
  served = { ...DOC, period: '2026-10' };
  let a = await createTeamBudgetSource({ url: `${base}/doc`, now: () => NOW }).teamAllowance(0);
  assert.equal(a.status, 'unavailable');
  assert.match((a as { message: string }).message, /is for 2026-10, not the current month 2026-11/);
  served = DOC;
  a = await createTeamBudgetSource({ url: `${base}/doc`, expectedTeam: 'search', now: () => NOW }).teamAllowance(0);
  assert.match((a as { message: string }).message, /is for team "payments", not "search"/);
});

test('cache: one request within the TTL, a new one after; failures retried after retryAfterMs', async () => {
  served = DOC;
  let t = NOW;
  const path = '/doc?ttl';
  hits.delete(path);
  const source = createTeamBudgetSource({ url: `${base}${path}`, ttlMs: 60_000, now: () => t });
  await Promise.all([source.teamAllowance(0), source.teamAllowance(0)]);
  assert.equal(hits.get(path), 1, 'concurrent callers share one request');
  t += 59_000;
  served = { ...DOC, spentUsd: 200 };
  assert.equal(allowed(await source.teamAllowance(0)).remainingUsd, 380, 'cached within the TTL');
  assert.equal(hits.get(path), 1);
  t += 2000;
  assert.equal(allowed(await source.teamAllowance(0)).remainingUsd, 300, 'refetched after the TTL');
  assert.equal(hits.get(path), 2);
  source.invalidate();
  await source.teamAllowance(0);
  assert.equal(hits.get(path), 3, 'invalidate forces a fetch');

  hits.delete('/error');
  const failing = createTeamBudgetSource({ url: `${base}/error`, retryAfterMs: 10_000, now: () => t });
  await failing.teamAllowance(0);
  await failing.teamAllowance(0);
  assert.equal(hits.get('/error'), 1, 'a failure is not retried on every run');
  t += 10_000;
  await failing.teamAllowance(0);
  assert.equal(hits.get('/error'), 2);
});
