// Integration tests inside a REAL VS Code (code-server + headless Chromium).
// `npm test` builds first (dist/, out/), then runs this script, which:
//   1. extension tests: starts code-server, opens the workbench with the repo
//      as the development extension and out/test/integration/suite/index.js as
//      extensionTestsPath; mocha runs inside the extension host and writes its
//      counts to a JSON file (BUDGET_AGENT_TEST_RESULT);
//   2. UI: starts a fresh code-server with the extension *installed* (linked
//      into --extensions-dir as <publisher>.<name>-<version>), opens the
//      workbench like a person and runs every test/integration/ui/*.ui.mjs
//      scenario (command palette, webview DOM, screenshots);
// and writes .test-artifacts/integration-result.json = {passed, failed}.
// Every step is bounded by a timeout; servers are always killed as a group.
// Flags: --only-suite / --only-ui, --keep (keep the temp dir), --verbose (server log).
/* global document, getComputedStyle */ // inside page.waitForFunction callbacks
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, hostMissing, linkExtension, remoteUri, startCodeServer, workbenchUrl } from './host.mjs';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
// BUDGET_AGENT_ARTIFACTS: another folder for the result and screenshots (two runs side by side in one tree).
const ARTIFACTS = process.env.BUDGET_AGENT_ARTIFACTS ?? join(ROOT, '.test-artifacts');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
const RESULT = join(ARTIFACTS, 'integration-result.json');
const SUITE_TIMEOUT_MS = 180_000;
const UI_SCENARIO_TIMEOUT_MS = 120_000;
const TOTAL_TIMEOUT_MS = 540_000;

const totals = { passed: 0, failed: 0 };
const t0 = Date.now();
const secs = (since = t0) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const say = (line) => console.log(`[integration] ${line}`);
const writeResult = () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(RESULT, JSON.stringify(totals) + '\n');
};

const tmp = mkdtempSync(join(tmpdir(), 'budget-agent-it-'));
const cleanups = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch {
      // best effort
    }
  }
  if (!argv.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    say(`${sig}: stopping`);
    await cleanup();
    process.exit(130);
  });
}
const watchdog = setTimeout(async () => {
  say(`FAILED: the integration run took longer than ${TOTAL_TIMEOUT_MS / 1000}s`);
  totals.failed++;
  writeResult();
  await cleanup();
  process.exit(1);
}, TOTAL_TIMEOUT_MS);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`${what} timed out after ${ms / 1000}s`)), ms)))]).finally(() => clearTimeout(timer));
}

/** A fresh copy of the fixture workspace (tests write settings into it). */
function fixtureWorkspace(name) {
  const dir = join(tmp, name);
  cpSync(join(ROOT, 'test', 'integration', 'workspace'), dir, { recursive: true });
  return dir;
}

async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  cleanups.push(() => browser.close());
  return browser;
}

// ---------------------------------------------------------------- phase 1
async function extensionTests(browser) {
  const started = Date.now();
  say('phase 1: extension tests inside the extension host');
  const resultFile = join(tmp, 'mocha-result.json');
  const server = await startCodeServer({
    userDataDir: join(tmp, 'suite-user'),
    extensionsDir: join(tmp, 'suite-ext'),
    env: { BUDGET_AGENT_TEST_RESULT: resultFile },
    onOutput: verbose ? (t) => process.stdout.write(t) : undefined,
  });
  cleanups.push(server.stop);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const hostLog = [];
  page.on('console', (msg) => hostLog.push(msg.text()));
  let exitCode;
  const exited = new Promise((res) => page.exposeFunction('codeAutomationExit', (code) => res((exitCode = code))));
  const suite = join(ROOT, 'out', 'test', 'integration', 'suite', 'index.js');
  if (!existsSync(suite)) {
    say('out/test/integration is missing (not compiled, or removed by a parallel run): compiling the tests');
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.test.json')], { stdio: 'ignore' });
    if (!existsSync(suite)) throw new Error(`${suite} is missing: compile the tests first (tsc -p tsconfig.test.json)`);
  }
  const url = workbenchUrl(server, fixtureWorkspace('suite-workspace'), [
    ['extensionDevelopmentPath', remoteUri(server, ROOT)],
    ['extensionTestsPath', remoteUri(server, suite)],
  ]);
  await page.goto(url, { timeout: 60_000 });
  try {
    await withTimeout(exited, SUITE_TIMEOUT_MS, 'the extension test run');
  } catch (err) {
    say(`FAILED: ${err.message}`);
  }
  // The host's own log lines (mocha's spec reporter among them) reach the page console.
  const mochaLines = hostLog.filter((l) => /^\s*(✔|✓|\d+\) |\d+ (passing|failing|pending)|[A-Za-z].*\(\d+ms\))/.test(l) || /^\s{2,}\S/.test(l));
  if (verbose) for (const l of hostLog) console.log(`  [host] ${l}`);
  await context.close();
  await server.stop();
  if (existsSync(resultFile)) {
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    for (const t of result.tests) {
      console.log(`  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title}${t.ms !== undefined ? ` (${t.ms}ms)` : ''}`);
      if (t.error) console.log(`       ${t.error.split('\n').slice(0, 8).join('\n       ')}`);
    }
    totals.passed += result.passed;
    totals.failed += result.failed;
    say(`phase 1: ${result.passed} passed, ${result.failed} failed (exit code ${exitCode}) in ${secs(started)}`);
  } else {
    totals.failed++;
    say(`phase 1: FAILED: no result from the extension host (exit code ${exitCode})`);
    for (const l of (mochaLines.length ? mochaLines : hostLog).slice(-60)) console.log(`  [host] ${l}`);
    console.log(server.output().split('\n').slice(-40).join('\n'));
  }
}

// ---------------------------------------------------------------- phase 2
async function uiTests(browser) {
  const started = Date.now();
  say('phase 2: UI with the extension installed');
  const extensionsDir = join(tmp, 'ui-ext');
  await linkExtension(extensionsDir);
  const userDataDir = join(tmp, 'ui-user');
  const server = await startCodeServer({ userDataDir, extensionsDir, onOutput: verbose ? (t) => process.stdout.write(t) : undefined });
  cleanups.push(server.stop);
  // Tall enough that the whole Run tab of a finished run fits in the side bar screenshots.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1500 } });
  const page = await context.newPage();
  const workspace = fixtureWorkspace('ui-workspace');
  await page.goto(workbenchUrl(server, workspace), { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });

  const ctx = {
    page,
    assert,
    root: ROOT,
    workspace,
    /** code-server's --user-data-dir (User/settings.json, workspaceStorage/… with the extension's ledger). */
    userDataDir,
    server,
    screenshotsDir: SCREENSHOTS,
    log: (line) => console.log(`       ${line}`),
    /** F1, type the command's title, pick it. */
    async runCommand(title) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      // Pick the row whose label is exactly the title (fuzzy matching ranks others, e.g. "Tasks: Run Task", too).
      const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await row.click();
      // Done when the palette closed, or became the command's own input box / picker (no '>' prefix).
      await page
        .waitForFunction(
          () => {
            const w = document.querySelector('.quick-input-widget');
            const i = w?.querySelector('.quick-input-box input');
            return !w || getComputedStyle(w).display === 'none' || !i || !i.value.startsWith('>');
          },
          undefined,
          { timeout: 10_000 },
        )
        .catch(() => undefined);
    },
    /** The webview frame (inner iframe) that contains `selector`. */
    async findWebviewFrame(selector = '[data-testid="budget-agent-panel"]', timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) continue;
          try {
            if (await frame.$(selector)) return frame;
          } catch {
            // frame navigating or detached
          }
        }
        if (Date.now() > until) throw new Error(`no webview frame with ${selector} within ${timeoutMs} ms`);
        await page.waitForTimeout(200);
      }
    },
    async screenshot(name) {
      const path = join(SCREENSHOTS, name.endsWith('.png') ? name : `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    /** Marks the scenario skipped (counted neither way unless it also ran checks). */
    skip(reason) {
      ctx.skipped = reason ?? 'skipped';
    },
    /** One counted check inside a scenario. */
    async test(name, fn) {
      const t = Date.now();
      try {
        await fn();
        totals.passed++;
        console.log(`  ok   ${ctx.scenario} › ${name} (${Date.now() - t}ms)`);
      } catch (err) {
        totals.failed++;
        console.log(`  FAIL ${ctx.scenario} › ${name}\n       ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n       ')}`);
        await ctx.screenshot(`FAILED-${ctx.scenario}-${name}`.replace(/[^\w.-]+/g, '_')).catch(() => undefined);
      }
    },
  };

  const dir = join(ROOT, 'test', 'integration', 'ui');
  const scenarios = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ui.mjs')).sort() : [];
  for (const file of scenarios) {
    ctx.scenario = file.replace(/\.ui\.mjs$/, '');
    ctx.skipped = undefined;
    const before = totals.passed + totals.failed;
    try {
      const mod = await import(pathToFileURL(join(dir, file)).href);
      await withTimeout(mod.default(ctx), UI_SCENARIO_TIMEOUT_MS, `UI scenario ${file}`);
      if (totals.passed + totals.failed === before && ctx.skipped) {
        console.log(`  skip ${ctx.scenario}: ${ctx.skipped}`);
      } else if (totals.passed + totals.failed === before) {
        totals.passed++;
        console.log(`  ok   ${ctx.scenario}`);
      }
    } catch (err) {
      totals.failed++;
      console.log(`  FAIL ${ctx.scenario}\n       ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n       ')}`);
      await ctx.screenshot(`FAILED-${ctx.scenario}`).catch(() => undefined);
    }
  }
  await context.close();
  await server.stop();
  say(`phase 2: ${scenarios.length} scenario file(s) in ${secs(started)}`);
}

let crashed = false;
try {
  const missing = hostMissing();
  if (missing) throw new Error(missing);
  const browser = await launchBrowser();
  if (!argv.includes('--only-ui')) await extensionTests(browser);
  if (!argv.includes('--only-suite')) await uiTests(browser);
} catch (err) {
  crashed = true;
  totals.failed++;
  say(`FAILED: ${err?.stack ?? err}`);
} finally {
  clearTimeout(watchdog);
  writeResult();
  await cleanup();
}
say(`${totals.passed} passed, ${totals.failed} failed in ${secs()}`);
process.exit(totals.failed > 0 || crashed ? 1 : 0);
