// `npm run vscode`: the extension in a real VS Code (code-server) in your
// browser. Installs the host into the cache on first use (scripts/install-host.sh),
// links this repository into a fresh extensions folder as an installed
// extension, prepares a demo workspace whose settings use the embedded local
// model (provider onnx, budgetAgent.local.modelPath = ../shared/models/stories260K),
// and prints the URL. Ctrl+C stops the server.
//
// Options: --port N (default: a free port; env PORT), --host ADDR (default
// 127.0.0.1; use 0.0.0.0 to reach it from another machine — no auth!),
// --workspace DIR (default: ~/.cache/budget-agent/demo/workspace, kept between runs),
// --model-path DIR (default ../shared/models/stories260K).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE, ROOT, hostMissing, linkExtension, startCodeServer, workbenchUrl } from '../test/integration/host.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', process.env.PORT ?? 0)) || undefined;
const host = arg('host', '127.0.0.1');
const modelPath = resolve(ROOT, arg('model-path', join('..', 'shared', 'models', 'stories260K')));
const demo = join(CACHE, 'demo');
const workspace = resolve(ROOT, arg('workspace', join(demo, 'workspace')));

if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` first (npm run vscode does).');
  process.exit(1);
}
if (hostMissing()) {
  console.log('[vscode] installing the VS Code host into the cache (first time: a few minutes)…');
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'install-host.sh')], { stdio: 'inherit' });
  if (r.status !== 0 || hostMissing()) {
    console.error(`[vscode] ${hostMissing() ?? 'install-host.sh failed'}`);
    process.exit(1);
  }
}
if (!existsSync(join(modelPath, 'tokenizer.json'))) console.warn(`[vscode] warning: no model at ${modelPath}; Run Task… will say so. Pass --model-path DIR.`);

// Demo workspace: created once, its Budget Agent settings refreshed every time.
mkdirSync(join(workspace, '.vscode'), { recursive: true });
const readme = join(workspace, 'README.md');
if (!existsSync(readme)) {
  writeFileSync(
    readme,
    '# Budget Agent demo workspace\n\nOpen the Budget Agent view in the activity bar, or press F1 and run\n"Budget Agent: Run Task…" (try: Once upon a time). The local model\n(stories260K) tells a short story for free; the spend and the budget show\nin the panel and the status bar. Settings: .vscode/settings.json.\n',
  );
}
const settingsFile = join(workspace, '.vscode', 'settings.json');
let settings = {};
try {
  settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
} catch {
  // absent or hand-edited with comments: start over
}
Object.assign(settings, {
  'budgetAgent.provider': 'onnx',
  'budgetAgent.local.modelPath': modelPath,
  'budgetAgent.strategy': settings['budgetAgent.strategy'] ?? 'react',
  'budgetAgent.budget.maxTokens': settings['budgetAgent.budget.maxTokens'] ?? 400,
});
writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');

// Fresh server state each start; the extension is linked (edits + `npm run watch` show up on reload).
const state = join(demo, 'server');
rmSync(state, { recursive: true, force: true });
await linkExtension(join(state, 'extensions'));
const server = await startCodeServer({
  userDataDir: join(state, 'user-data'),
  extensionsDir: join(state, 'extensions'),
  port,
  bindHost: host,
});
const url = workbenchUrl(server, workspace).replace('127.0.0.1', host === '0.0.0.0' ? '127.0.0.1' : host);
console.log(`\n  Budget Agent in VS Code (code-server): ${url}\n`);
console.log(`  workspace: ${workspace}\n  model:     ${modelPath}\n  Ctrl+C stops the server.\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[vscode] stopping');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.proc.on('exit', (code) => {
  if (stopping) return;
  console.error(`[vscode] code-server exited (${code})\n${server.output().split('\n').slice(-20).join('\n')}`);
  process.exit(1);
});
