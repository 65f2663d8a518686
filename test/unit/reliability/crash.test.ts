// Short crash loop (the long one is `npm run test:crash`): SIGKILL ledger
// writers and a real CLI run at random points; after each kill the ledger
// loads, nothing committed is lost, nothing is corrupt beyond a torn last
// line, and the workspace caps still refuse a run at the cap.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { crashLoop, crashLoopPassed, formatReport } from '../../crash/loop';

const workerJs = path.resolve(__dirname, '../../crash/worker.js');
const cliJs = path.resolve(__dirname, '../../../../dist/cli.js');

test('crash loop (20 iterations): every committed charge survives SIGKILL, caps hold after restart', async () => {
  const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const report = await crashLoop({ iterations: 20, seconds: 15, seed, workerJs, cliJs: existsSync(cliJs) ? cliJs : undefined, cliEvery: 10 });
  console.log(formatReport(report).replace(/^/gm, '# '));
  assert.ok(crashLoopPassed(report), formatReport(report));
  assert.equal(report.lostRecords, 0);
  assert.ok(report.killed >= report.iterations / 2, `only ${report.killed} of ${report.iterations} were killed`);
  assert.ok(report.refusedAtCap > 0 || report.iterations < 10, 'some worker ran into a cap');
});
