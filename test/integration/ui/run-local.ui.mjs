// UI scenario: a person runs a task on the embedded local model (ONNX
// stories260K) from the command palette and reads the outcome in the
// notification and the spend panel, whose numbers must equal the run's
// summary; the run then shows in the History tab.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { editWorkspaceSettings, gaugeUsed, openPanel, shootSidebar, waitForBudgetShown, waitForIndexedRun } from './lib.mjs';

const TASK = 'Once upon a time';

export default async function runLocal(ctx) {
  const { page, assert } = ctx;
  const modelPath = resolve(ctx.root, '..', 'shared', 'models', 'stories260K');
  if (!existsSync(join(modelPath, 'tokenizer.json'))) {
    ctx.skip(`no local model at ${modelPath}`);
    return;
  }
  const frame = await openPanel(ctx);
  const restore = editWorkspaceSettings(ctx, {
    'budgetAgent.provider': 'onnx',
    'budgetAgent.local.modelPath': modelPath,
    'budgetAgent.strategy': 'react',
    'budgetAgent.budget.maxTokens': 400,
  });
  try {
    await waitForBudgetShown(frame, 'maxTokens', 'now 400 tokens', 15_000);

    await ctx.test('Run Task… from the command palette runs on the local model; the panel shows its spend', async () => {
      const t0 = Date.now();
      await ctx.runCommand('Budget Agent: Run Task…');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(TASK);
      await input.press('Enter');
      await frame.locator('#run-status', { hasText: 'Finished (answer)' }).waitFor({ timeout: 60_000 });
      const run = await waitForIndexedRun(ctx, TASK, t0);
      assert.equal(run.stoppedBy, 'answer');
      assert.equal(run.provider, 'onnx');
      assert.equal(run.strategy, 'react');
      const tokens = run.spent.inputTokens + run.spent.outputTokens;
      assert.ok(tokens > 0 && tokens <= 400, `within maxTokens: ${tokens}`);
      // The outcome notification (toasts of an unfocused headless page may go straight to the center).
      await ctx.runCommand('Notifications: Show Notifications');
      const item = page.locator('.notifications-center .notification-list-item', { hasText: /Budget Agent finished/ }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      const text = await item.innerText();
      assert.match(text, new RegExp(`spent \\$0\\.0000, ${tokens} tokens, 0 tool calls`), text);
      // The panel's numbers are the run's.
      assert.equal(await gaugeUsed(frame, 'tokens'), tokens, 'tokens gauge = summary');
      assert.equal(await frame.locator('[data-key="tokens"] .g-value').innerText(), `${tokens} / 400`);
      assert.equal(await frame.locator('[data-key="usd"] .g-value').innerText(), '$0 / $0.500', 'a local model is free');
      assert.match(await frame.locator('#run-meta').innerText(), /react · .*stories260K/);
      assert.ok((await frame.locator('#timeline-list .tl-item.model').count()) >= 1, 'the model call is in the timeline');
      assert.ok((await frame.locator('#answer').innerText()).length > 20, 'the story is shown');
      await page.waitForTimeout(300);
      await ctx.screenshot('workbench-local-finished');
      await page.keyboard.press('Escape');
      await shootSidebar(ctx, 'panel-dark-local-finished');
    });

    await ctx.test('the History tab lists the local run', async () => {
      await frame.locator('vscode-tab-header[data-tab="history"]').click();
      const row = frame.locator('#runs-list .run-row').first();
      await row.filter({ hasText: TASK }).waitFor({ timeout: 10_000 });
      assert.match(await row.innerText(), /react · stories260K · Answer · \d+\stok/);
      assert.match(await row.innerText(), /\$0\b/);
      await frame.locator('vscode-tab-header[data-tab="run"]').click();
    });
  } finally {
    restore();
  }
}
