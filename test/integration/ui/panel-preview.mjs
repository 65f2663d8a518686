// Renders the side panel outside VS Code for a visual check: serves dist/ and
// media/ over HTTP with the panel's real HTML shell and CSP, a fake
// acquireVsCodeApi, the preview theme variables, and a scripted event stream
// (test/unit/protocol/script.ts). Screenshots go to .test-artifacts/panel-preview/.
//   node test/integration/ui/panel-preview.mjs [--themes dark,light,hc]
// Needs `node scripts/build.mjs` first (dist/webview.js).
/* global window, document, MessageEvent */ // used inside page.evaluate callbacks
import * as esbuild from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../../..');
const outDir = join(root, '.test-artifacts/panel-preview');
mkdirSync(outDir, { recursive: true });
const themesArg = process.argv.includes('--themes') ? process.argv[process.argv.indexOf('--themes') + 1] : 'dark,light,hc';
const themes = themesArg.split(',');

// The real HTML shell and the scripted run, bundled for Node.
const helper = join(outDir, 'preview-helper.mjs');
await esbuild.build({
  stdin: {
    contents: `export { panelHtml, makeNonce } from './src/vscode/panel/html';
export { scriptedRun } from './test/unit/protocol/script';
export { PROTOCOL_VERSION, foldEvents, initialPanelState } from './src/core/protocol';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: helper,
  logLevel: 'warning',
});
const { panelHtml, makeNonce, scriptedRun, PROTOCOL_VERSION } = await import(pathToFileURL(helper).href);

const types = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json', '.svg': 'image/svg+xml' };
let html = '';
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    return;
  }
  const allowed = ['/dist/', '/media/', '/test/integration/ui/panel-preview'];
  const file = join(root, url.pathname);
  if (!allowed.some((p) => url.pathname.startsWith(p)) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

function page(themeClass) {
  const nonce = makeNonce();
  const shell = panelHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/media/panel.css`,
    codiconsUri: `${origin}/dist/codicons/codicon.css`,
  });
  const fakeApi = `<script nonce="${nonce}">
    window.__sent = []; window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  </script>`;
  return shell
    .replace('<body>', `<body class="${themeClass}" data-vscode-theme-kind="${themeClass}">`)
    .replace('<title>', `<link rel="stylesheet" href="${origin}/test/integration/ui/panel-preview-themes.css">\n<title>`)
    .replace('<script nonce', `${fakeApi}\n<script nonce`);
}

const now = Date.now();
const run = scriptedRun({ steps: 14, deltasPerCall: 18, msPerEvent: 60, startTs: now - 60_000, unfinished: false, limits: { maxTokens: 40_000, maxToolCalls: 14, maxUsd: 0.05, maxSeconds: 300 } });
const cut = run.events.findIndex((e, i) => i > run.events.length * 0.55 && e.type === 'text_delta');
const midEvents = run.events.slice(0, cut + 12);
const config = {
  budgets: { maxTokens: 40000, maxToolCalls: 14, maxUsd: 0.05, maxSeconds: 300, dailyUsd: 2, monthlyUsd: null },
  strategies: ['auto', 'react', 'tracker', 'bats', 'plan-and-budget'],
  models: [
    { id: 'onnx:stories260K', label: 'stories260K (local)', provider: 'onnx' },
    { id: 'openai:gpt-4.1-mini', label: 'gpt-4.1-mini', provider: 'openai' },
  ],
  selectedStrategy: 'bats',
  selectedModel: 'openai:gpt-4.1-mini',
};
const day = (i) => {
  const d = new Date(now - i * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const history = {
  runs: Array.from({ length: 9 }, (_, i) => ({
    runId: `h${i}`,
    ts: now - i * 5_400_000,
    task: ['Explain how the ledger keeps runs under the cap', 'Summarize README.md', 'Find the failing test in test/unit', 'Refactor the pricing table'][i % 4],
    strategy: ['bats', 'react', 'plan-and-budget'][i % 3],
    model: 'gpt-4.1-mini',
    stoppedBy: ['answer', 'answer', 'budget:tool_calls', 'answer', 'cancelled'][i % 5],
    spent: { inputTokens: 12_000 + i * 900, cachedInputTokens: 0, outputTokens: 1_500 + i * 80, reasoningTokens: 0, toolCalls: 6 + i, usd: 0.012 + i * 0.004, seconds: 40 + i },
    steps: 8 + i,
  })),
  daily: Array.from({ length: 24 }, (_, i) => ({ period: day(i), usd: Math.round((0.2 + Math.abs(Math.sin(i)) * 1.1) * 1000) / 1000, tokens: 100_000 + i * 5_000, toolCalls: 40 + i, runs: 3 + (i % 4) })).filter((_, i) => i % 5 !== 3),
  monthly: [
    { period: day(60).slice(0, 7), usd: 14.2, tokens: 4_100_000, toolCalls: 1_200, runs: 140 },
    { period: day(30).slice(0, 7), usd: 18.9, tokens: 5_300_000, toolCalls: 1_650, runs: 171 },
    { period: day(0).slice(0, 7), usd: 9.34, tokens: 2_450_000, toolCalls: 780, runs: 77 },
  ],
  caps: { dailyUsd: 2, monthlyUsd: null },
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const problems = [];
try {
  for (const theme of themes) {
    const cls = theme === 'dark' ? 'vscode-dark' : theme === 'light' ? 'vscode-light' : 'vscode-high-contrast';
    html = page(cls);
    const ctx = await browser.newContext({ viewport: { width: 380, height: 1500 }, deviceScaleFactor: 1 });
    const p = await ctx.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`[${theme}] console.${m.type()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`[${theme}] pageerror: ${e.message}`));
    await p.goto(`${origin}/`);
    await p.waitForSelector('#live');
    const deliver = (m) => p.evaluate((msg) => window.dispatchEvent(new MessageEvent('message', { data: msg })), m);
    await deliver({ type: 'snapshot', protocol: PROTOCOL_VERSION, state: (await import(pathToFileURL(helper).href)).initialPanelState() });
    await deliver({ type: 'config', config });
    // stream the first half in 50 ms-sized batches
    for (let i = 0; i < midEvents.length; i += 40) await deliver({ type: 'events', events: midEvents.slice(i, i + 40) });
    await deliver({ type: 'events', events: [{ type: 'bogus' }] }); // must be ignored
    await p.waitForTimeout(600);
    await p.screenshot({ path: join(outDir, `panel-${theme}-mid-run.png`), fullPage: true });
    await deliver({ type: 'events', events: run.events.slice(midEvents.length) });
    await p.waitForTimeout(600);
    await p.screenshot({ path: join(outDir, `panel-${theme}-finished.png`), fullPage: true });
    const shown = await p.evaluate(() => ({
      cost: document.querySelector('[data-key="usd"] .g-value')?.getAttribute('title'),
      tokens: document.querySelector('[data-key="tokens"] .g-value')?.getAttribute('title'),
      status: document.querySelector('#run-status')?.textContent,
      sent: window.__sent.map((m) => m.type),
    }));
    console.log(theme, JSON.stringify(shown), 'ledger usd', run.ledger.usd, 'tokens', run.ledger.inputTokens + run.ledger.outputTokens);
    // history tab
    await p.click('vscode-tab-header[data-tab=history]');
    await deliver({ type: 'history', history });
    await p.waitForTimeout(300);
    await p.screenshot({ path: join(outDir, `panel-${theme}-history.png`), fullPage: true });
    // budgets tab with a validation error and a refused write
    await p.click('vscode-tab-header[data-tab=budgets]');
    await p.locator('#budget-maxTokens').click();
    await p.keyboard.press('Control+A');
    await p.keyboard.type('12.5');
    await p.click('#budget-save');
    await deliver({ type: 'budgetResult', key: 'maxUsd', ok: false, value: 0.05, error: 'Workspace settings are read-only in this folder.' });
    await p.waitForTimeout(200);
    await p.screenshot({ path: join(outDir, `panel-${theme}-budgets.png`), fullPage: true });
    await ctx.close();
  }
} finally {
  await browser.close();
  server.close();
}
for (const pr of problems) console.log(pr);
console.log(`screenshots in ${outDir}`);
