// UI scenario: the installed extension as a person sees it. Every
// test/integration/ui/*.ui.mjs exports `default async function (ctx)`; ctx has
// page (playwright), runCommand(title), findWebviewFrame(selector?),
// screenshot(name), test(name, fn) (one counted check), assert, root (repo),
// workspace (a temp copy of test/integration/workspace), log.
export default async function basics(ctx) {
  const { page, assert } = ctx;

  await ctx.test('the activity bar has the Budget Agent view container', async () => {
    const item = page.locator('.part.activitybar [aria-label^="Budget Agent"]').first();
    await item.waitFor({ state: 'attached', timeout: 30_000 });
  });

  await ctx.test('the command palette lists the Budget Agent commands', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Budget Agent: ');
    const rows = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Budget Agent:' });
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    const labels = await rows.allInnerTexts();
    for (const title of ['Run Task…', 'Show Spend Panel', 'Set Workspace Budget…', 'Select Model…']) {
      assert.ok(labels.some((l) => l.includes(title)), `"${title}" in ${JSON.stringify(labels)}`);
    }
    await page.keyboard.press('Escape');
  });

  await ctx.test('"Budget Agent: Show Spend Panel" opens the spend view and its webview renders', async () => {
    await ctx.runCommand('Budget Agent: Show Spend Panel');
    const frame = await ctx.findWebviewFrame('[data-testid="budget-agent-panel"]');
    const text = await frame.locator('body').innerText();
    assert.match(text, /Budget Agent/);
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /default-src 'none'/, 'strict CSP');
    assert.match(csp ?? '', /script-src 'nonce-/, 'scripts only by nonce');
    // A container with one view shows the view's name in the side bar title.
    await page.locator('.part.sidebar .composite.title', { hasText: /Budget Agent/i }).first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  await ctx.test('screenshot of the workbench with the panel open', async () => {
    await page.waitForTimeout(500); // let the view finish its layout animation
    const path = await ctx.screenshot('workbench-panel');
    ctx.log(`screenshot: ${path}`);
  });
}
