// Telemetry and team budgets with the production run factory in the real
// extension host: a run with budgetAgent.telemetry.otlpEndpoint set exports to
// an in-process OTLP/HTTP receiver (totals equal the run's, resource
// attributes from the settings, headers from SecretStorage, no prompt text);
// the team budget refuses a run at the team cap, caps maxUsd at what the team
// has left, and falls back to local caps when its source is unreachable.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { activateExtension, setWorkspaceSettings, waitFor } from './helpers';
import { startFakeOpenAI, streamReply, type FakeOpenAIServer } from '../../helpers/fake-openai-server';
import { OtlpReceiver, attrs, metricTotal } from '../../unit/telemetry/otlp-receiver';
import { periodOf } from '../../../src/core/team';
import type { RunSummary } from '../../../src/core/agent/types';
import type { BudgetAgentApi } from '../../../src/extension';
import { TeamBudgets } from '../../../src/vscode/telemetry/team';

const MARKER = 'PROMPT-MARKER-c41e';
const base = { provider: 'openai', model: 'gpt-4o-mini', strategy: 'react', 'budget.maxToolCalls': 0 };

describe('telemetry and team budgets (production run factory)', () => {
  let api: BudgetAgentApi;
  let server: FakeOpenAIServer;
  let restore: (() => Promise<void>) | undefined;

  before(async () => {
    ({ api } = await activateExtension());
    server = await startFakeOpenAI(() => streamReply({ text: ['It doubles ', 'each time.'] }));
  });

  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  after(async () => {
    await server?.close();
  });

  it('exports the run to the OTLP endpoint: totals equal the run, team/user attributes, secret headers, no prompt text', async () => {
    const receiver = await new OtlpReceiver().start();
    try {
      await api.telemetry.storeHeaders('x-collector-key=k-123');
      restore = await setWorkspaceSettings({
        ...base,
        'openai.baseUrl': server.baseUrl,
        'telemetry.otlpEndpoint': receiver.url,
        'telemetry.resourceAttributes': { team: 'payments', user: 'alice' },
      });
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', `How does the retry delay grow? ${MARKER}`);
      assert.ok(summary, 'a summary');
      assert.equal(summary.stoppedBy, 'answer', summary.error);

      const spans = await waitFor('the run span', () => (receiver.spans().some((s) => s.name === 'invoke_agent') ? receiver.spans() : undefined));
      const run = spans.find((s) => s.name === 'invoke_agent');
      assert.ok(run);
      const chats = spans.filter((s) => s.name.startsWith('chat '));
      assert.ok(chats.length >= 1);
      assert.ok(chats.every((s) => s.parentSpanId === run.spanId));
      const sum = (key: string) => chats.reduce((acc, s) => acc + Number(attrs(s.attributes)[key] ?? 0), 0);
      assert.equal(sum('gen_ai.usage.input_tokens'), summary.spent.inputTokens);
      assert.equal(sum('gen_ai.usage.output_tokens'), summary.spent.outputTokens);
      assert.equal(run.resource['budget_agent.team'], 'payments');
      assert.equal(run.resource['user.name'], 'alice');

      const metrics = await waitFor('the metrics', () => (receiver.latestMetrics().length ? receiver.latestMetrics() : undefined));
      assert.equal(metricTotal(metrics, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'input' }), summary.spent.inputTokens);
      assert.ok(Math.abs(metricTotal(metrics, 'budget_agent.cost.usd') - summary.spent.usd) < 1e-9);

      assert.ok(receiver.received.every((r) => r.headers['x-collector-key'] === 'k-123'), 'headers from SecretStorage on every export');
      assert.ok(!receiver.allText.includes(MARKER), 'no prompt text is exported by default');
      assert.ok(!receiver.allText.includes('It doubles'), 'no answer text either');
    } finally {
      await api.telemetry.storeHeaders('');
      await receiver.stop();
    }
  });

  it('with no endpoint nothing is exported', async () => {
    const receiver = await new OtlpReceiver().start();
    try {
      restore = await setWorkspaceSettings({ ...base, 'openai.baseUrl': server.baseUrl });
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', 'hello');
      assert.equal(summary?.stoppedBy, 'answer');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.received.length, 0);
    } finally {
      await receiver.stop();
    }
  });

  describe('team budget', () => {
    let team: Server;
    let teamUrl = '';
    let doc: unknown;
    let requests = 0;

    before(async () => {
      team = createServer((req, res) => {
        requests++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      });
      await new Promise<void>((r) => team.listen(0, '127.0.0.1', r));
      teamUrl = `http://127.0.0.1:${(team.address() as AddressInfo).port}/team.json`;
    });

    after(async () => {
      team.closeAllConnections();
      await new Promise((r) => team.close(r));
    });

    beforeEach(() => api.team.invalidate());

    const teamDoc = (spentUsd: number) => ({ team: 'payments', period: periodOf(Date.now()), monthlyCapUsd: 10, spentUsd, updatedAt: new Date().toISOString() });

    it('at the team cap the run is refused before any model call (Run Task… and @budget)', async () => {
      doc = teamDoc(10);
      restore = await setWorkspaceSettings({ ...base, 'openai.baseUrl': server.baseUrl, 'team.budgetUrl': teamUrl });
      const calls = server.chatRequests.length;
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', 'spend more');
      assert.equal(summary, undefined, 'no run');
      assert.equal(server.chatRequests.length, calls, 'no model call');
      assert.ok(requests > 0, 'the team document was read');
      const participant = api.chat?.participant;
      if (participant) {
        const result = (await participant.requestHandler(
          { prompt: 'spend more', command: undefined, references: [], toolReferences: [] } as unknown as vscode.ChatRequest,
          { history: [] },
          { markdown: () => undefined, progress: () => undefined } as unknown as vscode.ChatResponseStream,
          new vscode.CancellationTokenSource().token,
        )) as vscode.ChatResult;
        assert.match(result.errorDetails?.message ?? '', /Team budget for "payments" is used up: \$10\.00 of \$10\.00 spent .*The run was not started\./);
        assert.equal(server.chatRequests.length, calls);
      }
    });

    it('the run is capped at what the team has left', async () => {
      doc = teamDoc(9.9);
      restore = await setWorkspaceSettings({ ...base, 'openai.baseUrl': server.baseUrl, 'team.budgetUrl': teamUrl });
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', 'a little');
      assert.equal(summary?.stoppedBy, 'answer', summary?.error);
      assert.ok(Math.abs((summary.limits.maxUsd ?? 0) - 0.1) < 1e-9, `maxUsd ${summary.limits.maxUsd} = the team's $0.10, below the local $0.25`);
    });

    it('an unusable source is said once per outage (logged every run) and said again after it recovered', async () => {
      const told: string[] = [];
      const secrets = { get: async () => undefined, store: async () => undefined, delete: async () => undefined } as unknown as vscode.SecretStorage;
      const log = vscode.window.createOutputChannel('Budget Agent team test', { log: true });
      const budgets = new TeamBudgets(secrets, log, (m) => told.push(m));
      try {
        restore = await setWorkspaceSettings({ 'team.budgetUrl': 'http://127.0.0.1:9/unreachable.json' });
        const limits = { maxUsd: 0.25 };
        for (let i = 0; i < 2; i++) {
          budgets.invalidate();
          const r = await budgets.adjust(limits, api.ledger, true);
          assert.deepEqual(r.limits, limits);
          assert.equal(r.refusal, undefined);
        }
        assert.equal(told.length, 1, told.join('\n'));
        assert.match(told[0] ?? '', /Team budget source .* is unreachable .*; using local budget caps only\./);
        doc = teamDoc(1);
        await restore();
        restore = await setWorkspaceSettings({ 'team.budgetUrl': teamUrl });
        assert.ok(Math.abs(((await budgets.adjust(limits, api.ledger, true)).limits.maxUsd ?? 0) - 0.25) < 1e-9, 'the tighter local cap wins');
        await restore();
        restore = await setWorkspaceSettings({ 'team.budgetUrl': 'http://127.0.0.1:9/unreachable.json' });
        await budgets.adjust(limits, api.ledger, true);
        assert.equal(told.length, 2, 'a new outage is said again');
      } finally {
        log.dispose();
      }
    });

    it('an unreachable source falls back to the local caps', async () => {
      restore = await setWorkspaceSettings({ ...base, 'openai.baseUrl': server.baseUrl, 'team.budgetUrl': 'http://127.0.0.1:9/unreachable.json' });
      const summary = await vscode.commands.executeCommand<RunSummary | undefined>('budgetAgent.runTask', 'local caps');
      assert.equal(summary?.stoppedBy, 'answer', summary?.error);
      assert.equal(summary.limits.maxUsd, 0.25, 'the workspace fixture maxUsd');
    });
  });
});
