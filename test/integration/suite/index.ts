// Mocha entry loaded by the VS Code extension host (extensionTestsPath).
// Runs every *.test.js next to it and writes the counts (and each test's
// outcome) to the JSON file named by BUDGET_AGENT_TEST_RESULT, which
// test/integration/run-host.mjs reads; the host's stdout is not always
// reachable from the harness, the file is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  ms?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  const resultFile = process.env.BUDGET_AGENT_TEST_RESULT ?? path.resolve(__dirname, '../../../../.test-artifacts/integration-mocha.json');
  const tests: Outcome[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = tests.filter((t) => t.state === 'passed').length;
      fs.mkdirSync(path.dirname(resultFile), { recursive: true });
      fs.writeFileSync(resultFile, JSON.stringify({ passed, failed: tests.length - passed, failures, tests }, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
