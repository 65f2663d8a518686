// The CLI's reach beyond one run, end to end with the bundled dist/cli.js:
// OpenTelemetry export to a loopback OTLP/HTTP receiver (totals must equal the
// ledger's, no prompt text by default), workspace daily caps that hold across
// runs, and a team budget document that refuses a run when the team is out.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { startFakeOpenAI, streamReply } from '../../helpers/fake-openai-server';
import { OtlpReceiver, attrs, metricTotal } from '../telemetry/otlp-receiver';

const repo = path.resolve(__dirname, '../../../..');
const cliJs = path.join(repo, 'dist', 'cli.js');
const PROMPT_MARKER = 'PROMPT-MARKER-7f3a';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  assert.ok(existsSync(cliJs), 'dist/cli.js is built by npm test before the unit tests');
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { env: { PATH: process.env.PATH, OPENAI_API_KEY: 'k', ...env }, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function workspace(): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ba-cli-ext-')));
  writeFileSync(path.join(root, 'notes.md'), 'The deploy key is rotated monthly.\n');
  return root;
}

const readTool = streamReply({ toolCalls: [{ id: 'c1', name: 'read_file', argumentFragments: ['{"path":"notes.md"}'] }] });

test('--otlp-endpoint exports spans and metrics whose token and cost totals equal the ledger, without prompt text', async () => {
  const receiver = await new OtlpReceiver().start();
  const server = await startFakeOpenAI([readTool, streamReply({ text: ['monthly'] })]);
  try {
    const ws = workspace();
    const r = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--model', 'gpt-4o', '--strategy', 'react', '--json', '--otlp-endpoint', receiver.url, `How often is the key rotated? ${PROMPT_MARKER}`]);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    const ledger = JSON.parse((await cli(['ledger', '--workspace', ws, '--json'])).stdout).total;

    const spans = receiver.spans();
    const run = spans.find((s) => s.name === 'invoke_agent');
    assert.ok(run, 'an invoke_agent span');
    const chats = spans.filter((s) => s.name.startsWith('chat '));
    assert.equal(chats.length, 2);
    assert.ok(chats.every((s) => s.parentSpanId === run.spanId));
    assert.equal(spans.filter((s) => s.name === 'execute_tool read_file').length, 1);
    const sum = (key: string) => chats.reduce((acc, s) => acc + Number(attrs(s.attributes)[key] ?? 0), 0);
    assert.equal(sum('gen_ai.usage.input_tokens'), ledger.inputTokens);
    assert.equal(sum('gen_ai.usage.output_tokens'), ledger.outputTokens);

    const metrics = receiver.latestMetrics();
    assert.equal(metricTotal(metrics, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'input' }), ledger.inputTokens);
    assert.equal(metricTotal(metrics, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'output' }), ledger.outputTokens);
    assert.ok(Math.abs(metricTotal(metrics, 'budget_agent.cost.usd') - ledger.usd) < 1e-9);
    assert.ok(Math.abs(ledger.usd - summary.spent.usd) < 1e-9);
    assert.ok(!receiver.allText.includes(PROMPT_MARKER), 'no prompt text is exported by default');
    assert.ok(!receiver.allText.includes('rotated monthly'), 'no file content is exported by default');
  } finally {
    await server.close();
    await receiver.stop();
  }
});

test('--daily-usd-cap holds across runs: spend persisted by one run refuses the next', async () => {
  const ws = workspace();
  const server = await startFakeOpenAI(() => streamReply({ text: ['ok'] }));
  try {
    const first = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--model', 'gpt-4o', '--strategy', 'react', '--json', 'hi']);
    assert.equal(first.code, 0, first.stderr);
    const spent = JSON.parse(first.stdout).spent.usd as number;
    assert.ok(spent > 0);
    // A cap just above what is already recorded leaves too little for any useful completion.
    const second = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--model', 'gpt-4o', '--strategy', 'react', '--json', '--daily-usd-cap', String(spent * 1.0001), 'hi again']);
    assert.equal(second.code, 3, second.stderr);
    const summary = JSON.parse(second.stdout);
    assert.equal(summary.stoppedBy, 'budget:usd');
    assert.equal(summary.spent.usd, 0);
    assert.equal(server.chatRequests.length, 1, 'the refused run sent nothing');
  } finally {
    await server.close();
  }
});

test('--team-budget-url: a team at its cap refuses the run; an unreachable source falls back to local caps with a message', async () => {
  const period = new Date().toISOString().slice(0, 7);
  let doc: unknown = { team: 'payments', period, monthlyCapUsd: 100, spentUsd: 100, updatedAt: new Date().toISOString() };
  const teamServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc)));
  await new Promise<void>((resolve) => teamServer.listen(0, '127.0.0.1', resolve));
  const teamUrl = `http://127.0.0.1:${(teamServer.address() as AddressInfo).port}/team.json`;
  const server = await startFakeOpenAI(() => streamReply({ text: ['ok'] }));
  try {
    const ws = workspace();
    const refused = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--model', 'gpt-4o', '--json', '--team-budget-url', teamUrl, 'hi']);
    assert.equal(refused.code, 3, refused.stderr);
    assert.equal(JSON.parse(refused.stdout).stoppedBy, 'budget:usd');
    assert.equal(server.chatRequests.length, 0);

    doc = { team: 'payments', period, monthlyCapUsd: 100, spentUsd: 10, updatedAt: new Date().toISOString() };
    // --max-usd none lifts the run's default money cap, so the team's remainder is the cap.
    const allowed = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--model', 'gpt-4o', '--strategy', 'react', '--json', '--max-usd', 'none', '--team-budget-url', teamUrl, 'hi']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(JSON.parse(allowed.stdout).limits.maxUsd, 90);

    const dead = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--model', 'gpt-4o', '--strategy', 'react', '--json', '--team-budget-url', 'http://127.0.0.1:9/team.json', 'hi']);
    assert.equal(dead.code, 0, dead.stderr);
    assert.match(dead.stderr, /team budget: .*(unreachable|could not|failed)/i);
  } finally {
    await server.close();
    await new Promise<void>((resolve) => teamServer.close(() => resolve()));
  }
});

test('no --max-… flag means the default caps; "none" lifts one; an unpriced model drops only the default money cap; --prices prices it', async () => {
  const server = await startFakeOpenAI(() => streamReply({ text: ['ok'] }));
  try {
    const ws = workspace();
    const run = async (...extra: string[]) => {
      const r = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--strategy', 'react', '--json', ...extra, 'hi']);
      assert.equal(r.code, 0, r.stderr);
      return { summary: JSON.parse(r.stdout), stderr: r.stderr };
    };
    const defaults = await run('--model', 'gpt-4o');
    assert.deepEqual(defaults.summary.limits, { maxTokens: 100000, maxToolCalls: 30, maxUsd: 0.5, maxSeconds: 300 });

    const lifted = await run('--model', 'gpt-4o', '--max-usd', 'none', '--max-tool-calls', '3');
    assert.deepEqual(lifted.summary.limits, { maxTokens: 100000, maxToolCalls: 3, maxSeconds: 300 });

    const unpriced = await run('--model', 'my-local-llama');
    assert.equal(unpriced.summary.limits.maxUsd, undefined);
    assert.equal(unpriced.summary.limits.maxTokens, 100000);
    assert.match(unpriced.stderr, /no price known for model "my-local-llama": the default money cap is off/);

    const prices = path.join(ws, 'prices.json');
    writeFileSync(prices, JSON.stringify({ models: { 'my-local-llama': { input: 1, output: 2 } } }));
    const priced = await run('--model', 'my-local-llama', '--prices', prices);
    assert.equal(priced.summary.limits.maxUsd, 0.5);
    assert.ok(priced.summary.spent.usd > 0, 'the run is priced from the file');

    const explicit = await cli(['run', '--workspace', ws, '--base-url', server.baseUrl, '--model', 'my-local-llama', '--max-usd', '1', '--json', 'hi']);
    assert.equal(explicit.code, 3, 'a money cap the user asked for on an unpriced model refuses rather than runs unpriced');
    assert.equal(JSON.parse(explicit.stdout).stoppedBy, 'budget:usd');
  } finally {
    await server.close();
  }
});
