import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PanelController } from '../../../src/vscode/panel/controller';
import type { SpendPanelHandlers } from '../../../src/vscode/panel/controller';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../../src/vscode/panel/html';
import { PROTOCOL_VERSION, parseToWebview } from '../../../src/core/protocol';
import type { ToWebview } from '../../../src/core/protocol';
import { scriptedRun } from './script';

function setup(overrides: Partial<SpendPanelHandlers> = {}) {
  const calls: unknown[][] = [];
  const logs: string[] = [];
  const handlers: SpendPanelHandlers = {
    onRunTask: (r) => void calls.push(['run', r]),
    onStop: () => void calls.push(['stop']),
    onSetBudget: (k, v) => void calls.push(['budget', k, v]),
    getHistory: () => ({ runs: [], daily: [], monthly: [] }),
    getConfig: () => ({ budgets: { maxTokens: 1000 }, strategies: ['react'], models: [], selectedStrategy: 'react', selectedModel: null }),
    log: (m) => void logs.push(m),
    ...overrides,
  };
  let timer: (() => void) | null = null;
  const c = new PanelController(handlers, { setTimer: (fn) => ((timer = fn), 1), clearTimer: () => (timer = null) });
  const sent: ToWebview[] = [];
  c.attach((m) => {
    // every message the extension sends must pass the webview's validation
    const r = parseToWebview(JSON.parse(JSON.stringify(m)));
    assert.ok(r.ok, r.ok ? '' : r.reason);
    sent.push(m);
    return Promise.resolve(true);
  });
  return { c, calls, logs, sent, tick: () => timer?.() };
}

test('ready → snapshot of the current state, then config', async () => {
  const { c, sent, tick } = setup();
  const { events, ledger } = scriptedRun({ steps: 5, unfinished: true });
  for (const e of events) c.push(e);
  tick();
  assert.equal(sent.length, 0, 'nothing is posted before the webview is ready');
  await c.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
  assert.deepEqual(sent.map((m) => m.type), ['snapshot', 'config']);
  const snap = sent[0]!;
  assert.ok(snap.type === 'snapshot');
  assert.deepEqual(snap.state.spent, ledger);
  assert.equal(snap.state.status, 'running');
});

test('events are posted in batches once ready, and the extension-side state stays exact', async () => {
  const { c, sent, tick } = setup();
  await c.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
  const { events, ledger } = scriptedRun({ steps: 20 });
  for (let i = 0; i < events.length; i++) {
    c.push(events[i]!);
    if (i % 100 === 99) tick();
  }
  tick();
  const batches = sent.filter((m) => m.type === 'events');
  assert.ok(batches.length >= 2);
  assert.deepEqual(c.current.spent, ledger);
});

test('webview messages are validated; invalid ones are logged and ignored', async () => {
  const { c, calls, logs } = setup();
  await c.receive({ type: 'runTask', task: '  ', strategy: 'react', model: null });
  await c.receive({ type: 'hack' });
  await c.receive('stop');
  assert.equal(calls.length, 0);
  assert.equal(logs.length, 3);
  assert.match(logs[0]!, /ignored message from webview/);
  await c.receive({ type: 'runTask', task: 'do it', strategy: 'react', model: 'm' });
  await c.receive({ type: 'stop' });
  assert.deepEqual(calls, [['run', { task: 'do it', strategy: 'react', model: 'm' }], ['stop']]);
});

test('setBudget is re-validated, written through the handler and answered', async () => {
  const { c, calls, sent } = setup();
  await c.receive({ type: 'setBudget', key: 'maxTokens', value: 12.5 });
  await c.receive({ type: 'setBudget', key: 'maxUsd', value: 2 });
  assert.deepEqual(calls, [['budget', 'maxUsd', 2]]);
  const results = sent.filter((m) => m.type === 'budgetResult');
  assert.equal(results.length, 2);
  assert.ok(results[0]!.type === 'budgetResult' && !results[0]!.ok && /whole number/.test(results[0]!.error ?? ''));
  assert.ok(results[1]!.type === 'budgetResult' && results[1]!.ok);
  assert.equal(sent[sent.length - 1]!.type, 'config', 'fresh config after a write');
});

test('a failing handler becomes an error message in the panel', async () => {
  const { c, sent } = setup({
    onRunTask: () => {
      throw new Error('No model configured');
    },
    onSetBudget: () => Promise.reject(new Error('No workspace folder is open')),
  });
  await c.receive({ type: 'runTask', task: 'x', strategy: 'react', model: null });
  await c.receive({ type: 'setBudget', key: 'maxUsd', value: 1 });
  const err = sent.find((m) => m.type === 'error');
  assert.ok(err && err.type === 'error' && err.message === 'No model configured' && err.context === 'run');
  const br = sent.find((m) => m.type === 'budgetResult');
  assert.ok(br && br.type === 'budgetResult' && !br.ok && br.error === 'No workspace folder is open');
});

test('the HTML shell carries a strict CSP with a nonce on its only script', () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
  assert.notEqual(nonce, makeNonce());
  const csp = contentSecurityPolicy('vscode-webview://abc', nonce);
  assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src vscode-webview://abc; font-src vscode-webview://abc; img-src vscode-webview://abc data:`);
  const html = panelHtml({ cspSource: 'vscode-webview://abc', nonce, scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/panel.css', codiconsUri: 'https://x/dist/codicons/codicon.css' });
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/dist/webview.js">`));
  assert.ok(!/<style|style=/.test(html), 'no inline styles');
  assert.ok(html.includes('id="vscode-codicon-stylesheet"'));
});
