/* global getComputedStyle */ // used inside frame.evaluate callbacks
// Helpers shared by the UI scenarios (*.ui.mjs): the spend panel's webview,
// themes, side bar screenshots, workspace settings as a person edits them, the
// extension's files in its workspace storage, and a slow OpenAI-compatible
// server (the scripted fake from test/helpers, compiled to out/) for runs that
// last long enough to be seen mid-run and stopped.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PANEL = '[data-testid="budget-agent-panel"]';

/** Opens the spend view from the command palette and returns its (real) webview frame. */
export async function openPanel(ctx) {
  await ctx.runCommand('Budget Agent: Show Spend Panel');
  const frame = await ctx.findWebviewFrame(PANEL);
  await frame.locator('#controls').waitFor({ state: 'attached', timeout: 15_000 });
  return frame;
}

/** Side bar background of the themes the scenarios use: tells that the theme is applied, not only its kind. */
const THEME_SIDEBAR = { 'Dark Modern': '#181818', 'Light Modern': '#f8f8f8' };

/**
 * Preferences: Color Theme → `theme` ("Dark Modern", "Light Modern"), from the
 * command palette as a person would (this code-server does not apply edits of
 * the user settings file while running). Waits until the panel's webview has
 * the theme's colours; returns the panel frame.
 */
export async function switchTheme(ctx, theme) {
  const { page } = ctx;
  // F1 → the command; it opens the theme picker in the same quick input (so
  // ctx.runCommand, which waits for the quick input to close, does not fit).
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) }).first().click();
  await page.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: /^(Light|Dark) / }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(theme);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${theme}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  const want = THEME_SIDEBAR[theme];
  const until = Date.now() + 15_000;
  for (;;) {
    const frame = await ctx.findWebviewFrame(PANEL);
    const bg = await frame
      .locator('body')
      .evaluate((b) => getComputedStyle(b).getPropertyValue('--vscode-sideBar-background').trim().toLowerCase())
      .catch(() => '');
    if (!want || bg === want) {
      if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
      await page.waitForTimeout(300); // charts re-read the theme colours
      return frame;
    }
    if (Date.now() > until) throw new Error(`the panel did not switch to ${theme} (side bar background "${bg}", want ${want})`);
    await page.waitForTimeout(100);
  }
}

/** Screenshot of the side bar (the panel as a person sees it). */
export async function shootSidebar(ctx, name) {
  const path = join(ctx.screenshotsDir, `${name}.png`);
  await ctx.page.locator('.part.sidebar').screenshot({ path });
  ctx.log(`screenshot: ${path}`);
  return path;
}

/** Replaces .vscode/settings.json (as a person editing it would); returns a function that restores it. */
export function editWorkspaceSettings(ctx, settings) {
  const file = join(ctx.workspace, '.vscode', 'settings.json');
  const original = existsSync(file) ? readFileSync(file, 'utf8') : '{}\n';
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
  return () => writeFileSync(file, original);
}

export function writeWorkspaceSettingsText(ctx, text) {
  writeFileSync(join(ctx.workspace, '.vscode', 'settings.json'), text);
}

export function readWorkspaceSettingsText(ctx) {
  const file = join(ctx.workspace, '.vscode', 'settings.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Polls until the settings change reaches the extension (the panel shows the new budgets). */
export async function waitForBudgetShown(frame, key, text, timeoutMs = 10_000) {
  await frame.locator(`#budget-${key}`).locator('xpath=ancestor::div[contains(@class,"field")]').locator('.current', { hasText: text }).waitFor({ state: 'attached', timeout: timeoutMs });
}

/** A file the extension keeps in this workspace's storage (spend.jsonl, runs.jsonl). */
export function storageFile(ctx, name) {
  const root = join(ctx.userDataDir, 'User', 'workspaceStorage');
  if (!existsSync(root)) return undefined;
  const hits = readdirSync(root)
    .map((d) => join(root, d, 'budget-agent.budget-agent', name))
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return hits[0];
}

/** The valid JSON lines of a JSONL file (a torn or broken line is skipped, as the extension does). */
export function readJsonl(file) {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => {
      try {
        return l.trim() ? [JSON.parse(l)] : [];
      } catch {
        return [];
      }
    });
}

/** Waits for the run index to hold the run with this task (newest match). */
export async function waitForIndexedRun(ctx, task, since, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = readJsonl(storageFile(ctx, 'runs.jsonl'))
      .filter((r) => r.task === task && r.endTs >= since)
      .pop();
    if (run) return run;
    if (Date.now() > until) throw new Error(`no run "${task}" in runs.jsonl within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sum of the ledger's charges of one run. */
export function ledgerTotals(ctx, runId) {
  const t = { usd: 0, tokens: 0, toolCalls: 0, charges: 0 };
  for (const l of readJsonl(storageFile(ctx, 'spend.jsonl'))) {
    if (l.k !== 'c' || l.runId !== runId) continue;
    t.usd += l.usd;
    t.tokens += l.inputTokens + l.outputTokens;
    t.toolCalls += l.toolCalls;
    t.charges++;
  }
  return t;
}

/** The exact used value of a gauge, from its tooltip ("$0.012345 of $0.05 (24.7%)" / "1,234 tokens of …"). */
export async function gaugeUsed(frame, key) {
  const title = (await frame.locator(`[data-key="${key}"] .g-value`).getAttribute('title')) ?? '';
  const m = /^\$?([\d,.]+)/.exec(title);
  if (!m) throw new Error(`gauge ${key} has no value: "${title}"`);
  return Number(m[1].replace(/,/g, ''));
}

export const SLOW_ANSWER =
  'The retry delay doubles after each failed attempt and is capped at 30 seconds (notes.txt, line 1). ' +
  'So the waits are 1 s, 2 s, 4 s, 8 s, 16 s and then 30 s for every later attempt; nothing else in the workspace changes it.';

/**
 * A slow OpenAI-compatible endpoint: every run lists the files, reads notes.txt,
 * searches for "retry" (one tool call per request), then streams the answer in
 * ~40 chunks. About 5 s per run; priced as gpt-4o, so the run costs money.
 */
export async function startSlowOpenAI(ctx, { chunkMs = 110, toolChunkMs = 70 } = {}) {
  const require = createRequire(import.meta.url);
  const helper = join(ctx.root, 'out', 'test', 'helpers', 'fake-openai-server.js');
  if (!existsSync(helper)) throw new Error(`${helper} is missing: compile the tests first (tsc -p tsconfig.test.json)`);
  const { startFakeOpenAI, streamReply } = require(helper);
  const plan = [
    ['list_files', { path: '.' }],
    ['read_file', { path: 'notes.txt' }],
    ['search_text', { pattern: 'retry', literal: true }],
  ];
  const pieces = (text, n) => {
    const size = Math.ceil(text.length / n);
    const out = [];
    for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
    return out;
  };
  const server = await startFakeOpenAI(
    (body) => {
      const done = (body.messages ?? []).filter((m) => m.role === 'tool').length;
      if (done < plan.length) {
        const [name, args] = plan[done];
        return streamReply({ toolCalls: [{ id: `call_${name}_${done}`, name, argumentFragments: pieces(JSON.stringify(args), 6) }], delayMs: toolChunkMs });
      }
      return streamReply({ text: pieces(SLOW_ANSWER, 40), delayMs: chunkMs });
    },
    { models: ['gpt-4o', 'gpt-4o-mini', 'gpt-5-mini'] },
  );
  return server;
}
