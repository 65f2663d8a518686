// UI scenario: the spend panel as a person uses it in the real workbench —
// sections, labels, the budget editor (validation, a workspace write, "no
// limit"), runs started from the panel against a slow OpenAI-compatible
// endpoint (live spend mid-run, the finished run whose numbers equal the run
// summary and the ledger, Stop), the History tab, in dark and light themes.
// Screenshots: .test-artifacts/screenshots/panel-*.png and workbench-dark-mid-run.png.
import {
  editWorkspaceSettings,
  gaugeUsed,
  ledgerTotals,
  openPanel,
  readWorkspaceSettingsText,
  writeWorkspaceSettingsText,
  shootSidebar,
  startSlowOpenAI,
  switchTheme,
  waitForBudgetShown,
  waitForIndexedRun,
} from './lib.mjs';

const TASK = 'How does the retry delay grow?';

export default async function panel(ctx) {
  const { page, assert } = ctx;
  await openPanel(ctx);
  // Dark Modern explicitly (the host's default dark theme may be another one).
  let frame = await switchTheme(ctx, 'Dark Modern');
  const status = () => frame.locator('#run-status');

  await ctx.test('the panel shows its sections with labels', async () => {
    for (const sel of ['#controls', '#live', '#timeline', 'vscode-tabs', '#announcer[aria-live="polite"]', '#error-banner[role="alert"]']) {
      assert.equal(await frame.locator(sel).count(), 1, sel);
    }
    const headers = await frame.locator('vscode-tab-header').allInnerTexts();
    assert.deepEqual(headers.map((t) => t.trim()), ['Run', 'History', 'Budgets']);
    const labels = (await frame.locator('#controls vscode-label').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(labels, ['Task', 'Strategy', 'Model']);
    assert.equal(await frame.locator('#run-button').innerText(), 'Run');
    assert.equal(await frame.locator('#stop-button').getAttribute('disabled'), '', 'Stop is disabled while idle');
    const csp = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    assert.match(csp, /default-src 'none'; script-src 'nonce-[A-Za-z0-9]+'; style-src /);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), csp);
  });

  await ctx.test('the strategy picker is filled from the configuration (the fixture selects BATS)', async () => {
    await frame.locator('#strategy-select vscode-option').first().waitFor({ state: 'attached', timeout: 10_000 });
    const values = await frame.locator('#strategy-select vscode-option').evaluateAll((els) => els.map((e) => e.getAttribute('value')));
    assert.deepEqual(values, ['auto', 'react', 'tracker', 'bats', 'plan-and-budget']);
    assert.equal(await frame.locator('#strategy-select').evaluate((e) => e.value), 'bats');
    assert.ok((await frame.locator('#model-select vscode-option').count()) >= 1);
  });

  await ctx.test('an empty task is refused in the panel with a message', async () => {
    await frame.locator('#run-button').click();
    await frame.locator('#task-error').waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await frame.locator('#task-error').innerText(), /Describe the task/);
  });

  await ctx.test('the budget editor validates, writes workspace settings and clears a cap to "no limit"', async () => {
    const before = readWorkspaceSettingsText(ctx);
    await frame.locator('vscode-tab-header[data-tab="budgets"]').click();
    await waitForBudgetShown(frame, 'maxTokens', 'now 12,345 tokens');
    const tools = frame.locator('#budget-maxToolCalls input');
    await tools.fill('12.5');
    await frame.locator('#budget-maxToolCalls-error').waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await frame.locator('#budget-maxToolCalls-error').innerText(), /whole number/);
    await shootSidebar(ctx, 'panel-dark-budgets-invalid');
    await frame.locator('#budget-save').click();
    assert.match(await frame.locator('#budget-status').innerText(), /needs fixing/);
    await tools.fill('77');
    await frame.locator('#budget-maxToolCalls-error').waitFor({ state: 'hidden', timeout: 5_000 });
    await frame.locator('#budget-maxUsd input').fill(''); // empty = no limit
    await frame.locator('#budget-save').click();
    const until = Date.now() + 15_000;
    let after = before;
    while (Date.now() < until && !(/maxToolCalls"\s*:\s*77/.test(after) && /maxUsd"\s*:\s*null/.test(after))) {
      await page.waitForTimeout(200);
      after = readWorkspaceSettingsText(ctx);
    }
    assert.match(after, /"budgetAgent\.budget\.maxToolCalls"\s*:\s*77/, after);
    assert.match(after, /"budgetAgent\.budget\.maxUsd"\s*:\s*null/, after);
    assert.match(after, /"budgetAgent\.budget\.maxTokens"\s*:\s*12345/, 'other settings kept');
    await frame.locator('#budget-status', { hasText: 'saved' }).waitFor({ timeout: 10_000 });
    await waitForBudgetShown(frame, 'maxUsd', 'no limit');
    await waitForBudgetShown(frame, 'maxToolCalls', 'now 77 calls');
    await shootSidebar(ctx, 'panel-dark-budgets-saved');
    writeWorkspaceSettingsText(ctx, before);
    await waitForBudgetShown(frame, 'maxUsd', 'now $0.25');
    await frame.locator('vscode-tab-header[data-tab="run"]').click();
  });

  await ctx.test('a broken budget setting is reported in the panel, and the report goes once it is fixed', async () => {
    const before = readWorkspaceSettingsText(ctx);
    editWorkspaceSettings(ctx, { 'budgetAgent.budget.maxSeconds': -5 });
    try {
      const banner = frame.locator('#error-banner');
      await banner.filter({ hasText: /budgetAgent\.budget\.maxSeconds = -5 is invalid.*using the default 300/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await shootSidebar(ctx, 'panel-dark-setting-error');
    } finally {
      writeWorkspaceSettingsText(ctx, before);
    }
    await frame.locator('#error-banner').waitFor({ state: 'hidden', timeout: 15_000 });
  });

  const server = await startSlowOpenAI(ctx);
  const restore = editWorkspaceSettings(ctx, {
    'budgetAgent.provider': 'openai',
    'budgetAgent.openai.baseUrl': server.baseUrl,
    'budgetAgent.model': 'gpt-4o',
    'budgetAgent.strategy': 'react',
    'budgetAgent.budget.maxTokens': 20000,
    'budgetAgent.budget.maxUsd': 0.05,
    'budgetAgent.budget.maxToolCalls': 4,
    'budgetAgent.budget.maxSeconds': 120,
  });
  try {
    await waitForBudgetShown(frame, 'maxToolCalls', 'now 4 calls', 15_000);
    // The pickers follow the settings: ReAct, and gpt-4o among the endpoint's models.
    const until = Date.now() + 10_000;
    while ((await frame.locator('#strategy-select').evaluate((e) => e.value)) !== 'react' && Date.now() < until) await page.waitForTimeout(100);
    assert.equal(await frame.locator('#strategy-select').evaluate((e) => e.value), 'react');
    await frame.locator('#model-select vscode-option[value="gpt-4o"]').waitFor({ state: 'attached', timeout: 10_000 });
    let t0 = Date.now();

    await ctx.test('a run started from the panel shows live spend mid-run (dark)', async () => {
      await frame.locator('#task-input textarea').fill(TASK);
      t0 = Date.now();
      await frame.locator('#run-button').click();
      await status().filter({ hasText: 'Running' }).waitFor({ timeout: 15_000 });
      await frame.locator('#timeline-list .tl-item.tool').nth(2).waitFor({ timeout: 20_000 });
      assert.equal(await status().innerText(), 'Running', 'still running while the answer streams');
      assert.equal(await frame.locator('#run-button').getAttribute('disabled'), '', 'Run is disabled during a run');
      assert.match(await frame.locator('[data-key="toolCalls"] .g-value').innerText(), /^3 \/ 4$/);
      assert.ok((await gaugeUsed(frame, 'usd')) > 0, 'gpt-4o costs money');
      assert.ok((await gaugeUsed(frame, 'tokens')) > 0);
      assert.equal(await frame.locator('#tier-badge').innerText(), 'LOW', '1 of 4 tool calls left');
      // The status bar shows the run's spend in the LOW colour.
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: /\$0\.0\d+\/\$0\.050/ }).first();
      await item.waitFor({ timeout: 5_000 });
      assert.match((await item.getAttribute('class')) ?? '', /warning-kind/);
      await shootSidebar(ctx, 'panel-dark-mid-run');
      await ctx.screenshot('workbench-dark-mid-run');
    });

    await ctx.test('the finished run: the panel numbers equal the run summary and the ledger', async () => {
      await status().filter({ hasText: 'Finished (answer)' }).waitFor({ timeout: 30_000 });
      const run = await waitForIndexedRun(ctx, TASK, t0);
      assert.equal(run.stoppedBy, 'answer');
      assert.equal(run.strategy, 'react');
      assert.equal(run.model, 'gpt-4o');
      const tokens = run.spent.inputTokens + run.spent.outputTokens;
      assert.equal(await gaugeUsed(frame, 'tokens'), tokens, 'tokens gauge = summary');
      assert.ok(Math.abs((await gaugeUsed(frame, 'usd')) - run.spent.usd) < 1e-6, `cost gauge = summary ($${run.spent.usd})`);
      assert.equal(await gaugeUsed(frame, 'toolCalls'), 3);
      assert.equal(run.spent.toolCalls, 3);
      const ledger = ledgerTotals(ctx, run.runId);
      assert.ok(Math.abs(ledger.usd - run.spent.usd) < 1e-9, `ledger $${ledger.usd} = summary $${run.spent.usd}`);
      assert.equal(ledger.tokens, tokens, 'ledger tokens = summary');
      assert.equal(await frame.locator('#timeline-list .tl-item.model').count(), 4);
      assert.equal(await frame.locator('#timeline-list .tl-item.tool').count(), 3);
      assert.match(await frame.locator('#answer').innerText(), /doubles after each failed attempt/);
      assert.equal(await frame.locator('#run-button').getAttribute('disabled'), null, 'Run is enabled again');
      await page.waitForTimeout(300); // the chart redraws at most 4×/s
      await shootSidebar(ctx, 'panel-dark-finished');
    });

    await ctx.test('Stop in the panel cancels a running task', async () => {
      const t1 = Date.now();
      await frame.locator('#run-button').click();
      await status().filter({ hasText: 'Running' }).waitFor({ timeout: 15_000 });
      await frame.locator('#timeline-list .tl-item.tool').first().waitFor({ timeout: 15_000 });
      await frame.locator('#stop-button').click();
      await status().filter({ hasText: 'Cancelled' }).waitFor({ timeout: 15_000 });
      const run = await waitForIndexedRun(ctx, TASK, t1);
      assert.equal(run.stoppedBy, 'cancelled');
      assert.ok(run.spent.toolCalls < 3, 'stopped before the agent finished');
      assert.equal(await gaugeUsed(frame, 'tokens'), run.spent.inputTokens + run.spent.outputTokens);
      assert.equal(await frame.locator('#run-button').getAttribute('disabled'), null, 'Run is enabled again');
      assert.equal(await frame.locator('#stop-button').getAttribute('disabled'), '', 'Stop is disabled again');
      await shootSidebar(ctx, 'panel-dark-stopped');
    });

    frame = await switchTheme(ctx, 'Light Modern');

    await ctx.test('light theme: a run mid-run and finished', async () => {
      await frame.locator('#task-input textarea').fill(TASK);
      await frame.locator('#run-button').click();
      await status().filter({ hasText: 'Running' }).waitFor({ timeout: 15_000 });
      await frame.locator('#timeline-list .tl-item.tool').nth(2).waitFor({ timeout: 20_000 });
      await shootSidebar(ctx, 'panel-light-mid-run');
      await status().filter({ hasText: 'Finished (answer)' }).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(300);
      await shootSidebar(ctx, 'panel-light-finished');
    });

    await ctx.test('the History tab lists past runs with task, strategy, model, result and cost', async () => {
      await frame.locator('vscode-tab-header[data-tab="history"]').click();
      await frame.locator('#runs-list .run-row').nth(2).waitFor({ timeout: 10_000 });
      const first = await frame.locator('#runs-list .run-row').first().innerText();
      assert.match(first, new RegExp(TASK.replace(/\?/g, '\\?')));
      assert.match(first, /react · gpt-4o · Answer · [\d,.k]+\stok/);
      assert.match(first, /\$0\.\d+/);
      const texts = await frame.locator('#runs-list .run-row').allInnerTexts();
      assert.ok(texts.some((t) => /Cancelled/.test(t)), 'the stopped run is listed as cancelled');
      assert.doesNotMatch(await frame.locator('#history-today .stat-value').innerText(), /^\$0$/, "today's spend includes the runs");
      await page.waitForTimeout(300);
      await shootSidebar(ctx, 'panel-light-history');
      await frame.locator('vscode-tab-header[data-tab="budgets"]').click();
      await shootSidebar(ctx, 'panel-light-budgets');
      await frame.locator('vscode-tab-header[data-tab="run"]').click();
    });
  } finally {
    restore();
    await server.close();
  }

  await ctx.test('back in the dark theme the panel keeps its state', async () => {
    frame = await switchTheme(ctx, 'Dark Modern');
    assert.match(await status().innerText(), /Finished \(answer\)/);
    await frame.locator('vscode-tab-header[data-tab="history"]').click();
    await frame.locator('#runs-list .run-row').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
    await shootSidebar(ctx, 'panel-dark-history');
    await frame.locator('vscode-tab-header[data-tab="run"]').click();
  });
}
