// `npm run bench:onnx` (or `node out/bench/onnx.js`): greedy decoding of 256
// tokens on stories260K, our generation loop vs transformers.js generate(),
// same model, same onnxruntime-node, same thread settings, in one process.
// The first generation of each (session warm-up) is reported separately;
// warm figures are medians of several runs, alternating the two so that load
// from other processes on a shared machine hits both alike.
// Per-token overhead = (our loop time - pure session.run time) / tokens: what
// our loop adds on top of the graph itself.

import * as path from 'node:path';
import { generate } from '../src/core/models/onnx/generate';
import { KvCacheSequence } from '../src/core/models/onnx/kvCache';
import { loadModelFolder } from '../src/core/models/onnx/modelFolder';
import { createSession } from '../src/core/models/onnx/runtime';
import { Sampler } from '../src/core/models/onnx/sampler';
import { loadTokenizer } from '../src/core/models/onnx/tokenizer';

const MODEL_DIR = process.env.BUDGET_AGENT_ONNX_MODEL ?? path.resolve(__dirname, '../..', '../shared/models/stories260K');
const PROMPT = 'Once upon a time';
const NEW_TOKENS = 256;
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const WARM_RUNS = Number(process.env.BENCH_RUNS ?? 9);

const SESSION_OPTIONS = { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' } as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function runOnnxBench(): Promise<Record<string, number>> {
  // --- ours
  const folder = await loadModelFolder(MODEL_DIR);
  const tokenizer = await loadTokenizer(folder);
  const { ort, session, io } = await createSession(folder, { intraOpThreads: THREADS });
  const promptIds = tokenizer.encode(PROMPT);
  const ours = async (): Promise<{ ms: number; runMs: number; ids: number[] }> => {
    const seq = new KvCacheSequence(ort, session, io, folder.maxPositions, folder.numKvHeads, folder.headDim);
    const t0 = performance.now();
    // Full loop as the provider runs it, streaming included (deltas go to a no-op).
    const out = await generate(seq, new Sampler(), tokenizer, {
      promptIds,
      maxOutputTokens: NEW_TOKENS,
      maxPositions: folder.maxPositions,
      eosIds: folder.eosTokenIds,
      onEvent: () => undefined,
    });
    return { ms: performance.now() - t0, runMs: seq.runMs, ids: out.outputIds };
  };

  // --- transformers.js (ESM: dynamic import)
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.localModelPath = path.dirname(MODEL_DIR) + path.sep;
  const tfTokenizer = await tf.AutoTokenizer.from_pretrained(path.basename(MODEL_DIR));
  const tfModel = await tf.AutoModelForCausalLM.from_pretrained(path.basename(MODEL_DIR), {
    dtype: 'fp32',
    device: 'cpu',
    session_options: { ...SESSION_OPTIONS },
  });
  const inputs = tfTokenizer(PROMPT);
  // Time transformers.js's own session.run calls too, to show where its extra time goes.
  let tfRunMs = 0;
  for (const s of Object.values((tfModel as unknown as { sessions: Record<string, { run: (...a: unknown[]) => Promise<unknown> }> }).sessions)) {
    const run = s.run.bind(s);
    s.run = async (...a: unknown[]) => {
      const t0 = performance.now();
      try {
        return await run(...a);
      } finally {
        tfRunMs += performance.now() - t0;
      }
    };
  }
  const theirs = async (): Promise<{ ms: number; runMs: number; ids: number[] }> => {
    tfRunMs = 0;
    const t0 = performance.now();
    const out = (await tfModel.generate({ ...inputs, max_new_tokens: NEW_TOKENS, min_new_tokens: NEW_TOKENS, do_sample: false })) as { tolist(): bigint[][] };
    const ms = performance.now() - t0;
    return { ms, runMs: tfRunMs, ids: out.tolist()[0]!.slice(promptIds.length).map(Number) };
  };

  const firstOurs = await ours();
  const firstTheirs = await theirs();
  const sameTokens = firstOurs.ids.length === NEW_TOKENS && firstOurs.ids.every((id, i) => id === firstTheirs.ids[i]);

  const oursMs: number[] = [];
  const oursOverhead: number[] = [];
  const oursRun: number[] = [];
  const theirsMs: number[] = [];
  const theirsOverhead: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const a = await ours();
    oursMs.push(a.ms);
    oursRun.push(a.runMs);
    oursOverhead.push((a.ms - a.runMs) / NEW_TOKENS);
    const b = await theirs();
    theirsMs.push(b.ms);
    theirsOverhead.push((b.ms - b.runMs) / NEW_TOKENS);
  }
  await session.release();
  await tfModel.dispose();

  const tps = (ms: number): number => (NEW_TOKENS / ms) * 1000;
  const result = {
    threads: THREADS,
    new_tokens: NEW_TOKENS,
    warm_runs: WARM_RUNS,
    ours_tokens_per_s: tps(median(oursMs)),
    transformers_tokens_per_s: tps(median(theirsMs)),
    ratio_ours_vs_transformers: median(theirsMs) / median(oursMs),
    ours_overhead_ms_per_token: median(oursOverhead),
    ours_session_run_ms_per_token: median(oursRun) / NEW_TOKENS,
    transformers_overhead_ms_per_token: median(theirsOverhead),
    ours_first_run_tokens_per_s: tps(firstOurs.ms),
    transformers_first_run_tokens_per_s: tps(firstTheirs.ms),
    same_tokens: sameTokens ? 1 : 0,
  };
  console.log(
    `[onnx] ${NEW_TOKENS} greedy tokens, ${THREADS} intra-op thread(s), median of ${WARM_RUNS} warm runs:\n` +
      `  ours          ${result.ours_tokens_per_s.toFixed(0)} tokens/s (first run ${result.ours_first_run_tokens_per_s.toFixed(0)})\n` +
      `  transformers  ${result.transformers_tokens_per_s.toFixed(0)} tokens/s (first run ${result.transformers_first_run_tokens_per_s.toFixed(0)})\n` +
      `  ratio         ${result.ratio_ours_vs_transformers.toFixed(2)}x (target >= 1.3x)\n` +
      `  overhead      ours ${result.ours_overhead_ms_per_token.toFixed(3)} ms/token (over ${result.ours_session_run_ms_per_token.toFixed(3)} ms/token in session.run), transformers ${result.transformers_overhead_ms_per_token.toFixed(3)} ms/token\n` +
      `  same tokens   ${sameTokens ? 'yes' : 'NO'}`,
  );
  return result;
}

if (require.main === module) {
  runOnnxBench().then(
    (r) => console.log(JSON.stringify(r)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
