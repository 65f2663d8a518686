// Shared by the ONNX tests: where the stories260K model lives and what its
// README says it must produce. Compiled to out/test/unit/models/onnx/, so the
// repo root is five levels up; the model sits beside the repo in ../shared.
import * as path from 'node:path';
import { loadModelFolder } from '../../../../src/core/models/onnx/modelFolder';
import type { ModelFolder } from '../../../../src/core/models/onnx/modelFolder';
import { loadTokenizer } from '../../../../src/core/models/onnx/tokenizer';
import type { LocalTokenizer } from '../../../../src/core/models/onnx/tokenizer';
import { createSession } from '../../../../src/core/models/onnx/runtime';
import { KvCacheSequence } from '../../../../src/core/models/onnx/kvCache';

export const MODEL_DIR = path.resolve(__dirname, '../../../../..', '../shared/models/stories260K');

export const PROMPT = 'Once upon a time';
export const PROMPT_IDS = [1, 403, 407, 261, 378];
export const GREEDY_40 = [
  432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408, 419, 292,
  411, 322, 265, 282, 295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426,
];
export const GREEDY_40_TEXT = ', there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball.';
export const FULL_40_TEXT = 'Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball.';

export interface Stack {
  folder: ModelFolder;
  tokenizer: LocalTokenizer;
  newSequence(): KvCacheSequence;
}

let stack: Promise<Stack> | undefined;

/** Folder, tokenizer and one ONNX session, shared by the tests of a file. */
export function loadStack(): Promise<Stack> {
  stack ??= (async () => {
    const folder = await loadModelFolder(MODEL_DIR);
    const tokenizer = await loadTokenizer(folder);
    const { ort, session, io } = await createSession(folder, { intraOpThreads: 1 });
    return { folder, tokenizer, newSequence: () => new KvCacheSequence(ort, session, io, folder.maxPositions, folder.numKvHeads, folder.headDim) };
  })();
  return stack;
}
