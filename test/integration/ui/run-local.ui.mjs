// UI scenario: a person runs a task on the embedded local model from the
// command palette and sees the result in a notification and the spend view.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export default async function runLocal(ctx) {
  const { page, assert } = ctx;
  const modelPath = resolve(ctx.root, '..', 'shared', 'models', 'stories260K');
  if (!existsSync(join(modelPath, 'tokenizer.json'))) {
    ctx.log(`skipped: no local model at ${modelPath}`);
    return;
  }
  const settingsFile = join(ctx.workspace, '.vscode', 'settings.json');
  const original = readFileSync(settingsFile, 'utf8');
  writeFileSync(
    settingsFile,
    JSON.stringify({ 'budgetAgent.provider': 'onnx', 'budgetAgent.local.modelPath': modelPath, 'budgetAgent.strategy': 'react', 'budgetAgent.budget.maxTokens': 400 }, null, 2),
  );
  try {
    await ctx.test('Run Task… from the command palette runs on the local model', async () => {
      await page.waitForTimeout(1000); // let the settings file change reach the configuration service
      await ctx.runCommand('Budget Agent: Run Task…');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('Once upon a time');
      await input.press('Enter');
      // The outcome is a notification; toasts of an unfocused headless page may
      // go straight to the notification center, so look there.
      const frame = await ctx.findWebviewFrame('[data-testid="budget-agent-panel"]');
      await frame.locator('body', { hasText: /Finished|stopped/ }).first().waitFor({ timeout: 60_000 });
      await ctx.runCommand('Notifications: Show Notifications');
      const item = page.locator('.notifications-center .notification-list-item', { hasText: /Budget Agent (finished|stopped)/ }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      const text = await item.innerText();
      assert.match(text, /spent \$0\.0000/, text);
      await ctx.screenshot('workbench-run-finished');
      await page.keyboard.press('Escape');
    });

    await ctx.test('the spend view shows the finished run', async () => {
      const frame = await ctx.findWebviewFrame('[data-testid="budget-agent-panel"]');
      const body = await frame.locator('body').innerText();
      assert.match(body, /Finished \(answer\)|stopped/i, body);
    });
  } finally {
    writeFileSync(settingsFile, original);
  }
}
