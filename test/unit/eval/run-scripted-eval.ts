// The whole harness against the scripted fake server, from the command line:
//
//   node out/test/unit/eval/run-scripted-eval.js --serve [eval options]
//
// starts the deterministic fake OpenAI server with the scripted model of
// scripted-model.ts over the suite's tasks, runs `eval` against it (defaults:
// model fake-model, prices $1/$0.5/$2 per 1M tokens, tool budgets 1,2,4,
// out .eval-runs/fake) and stops the server. Any eval option may be added or
// overridden (e.g. --limit 8, --fresh). Without --serve it does nothing, so
// the test runner can load it harmlessly.
import * as path from 'node:path';
import { startFakeOpenAI } from '../../helpers/fake-openai-server';
import { evalMain } from '../../../src/eval/main';
import { loadSuite } from '../../../src/eval/suite';
import { scriptedModel } from './scripted-model';

export const SCRIPTED_DEFAULTS = ['--model', 'fake-model', '--price', '1,0.5,2', '--budgets', '1,2,4', '--out', path.join('.eval-runs', 'fake')];

export async function runScriptedEval(argv: readonly string[]): Promise<number> {
  const suiteArg = argv.indexOf('--suite');
  const suiteFile = suiteArg >= 0 ? argv[suiteArg + 1]! : 'test/fixtures/eval/suite.jsonl';
  const server = await startFakeOpenAI(scriptedModel(loadSuite(suiteFile).tasks));
  try {
    const given = new Set(argv.filter((a) => a.startsWith('--')));
    const defaults: string[] = [];
    for (let i = 0; i < SCRIPTED_DEFAULTS.length; i += 2) {
      if (!given.has(SCRIPTED_DEFAULTS[i]!)) defaults.push(SCRIPTED_DEFAULTS[i]!, SCRIPTED_DEFAULTS[i + 1]!);
    }
    // Only loopback: never send a real key to the fake server.
    return await evalMain([...defaults, ...argv, '--base-url', server.baseUrl, '--api-key-env', 'BUDGET_AGENT_FAKE_KEY']);
  } finally {
    await server.close();
  }
}

if (require.main === module && process.argv[2] === '--serve') {
  void runScriptedEval(process.argv.slice(3)).then((code) => {
    process.exitCode = code;
  });
}
