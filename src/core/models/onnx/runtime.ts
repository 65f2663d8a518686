// Lazy access to onnxruntime-node. The package carries a ~50 MB native
// binary and is external to the esbuild bundle: importing it at the top of a
// module would load it during extension activation. We import it on the first
// local generation only, and cache the promise so concurrent callers share it.

import type * as Ort from 'onnxruntime-node';
import { ProviderError } from '../types';
import type { ModelFolder } from './modelFolder';

export type OrtModule = typeof Ort;
export type OrtSession = Ort.InferenceSession;
export type OrtTensor = Ort.Tensor;

let ortPromise: Promise<OrtModule> | undefined;

export function loadOrt(): Promise<OrtModule> {
  ortPromise ??= import('onnxruntime-node').then(
    // CommonJS module seen through import(): named exports, or all of them under default.
    (m) => ((m as { default?: OrtModule }).default?.InferenceSession ? (m as { default: OrtModule }).default : m),
    (err: unknown) => {
      ortPromise = undefined;
      throw new ProviderError('not_found', `Local models need the onnxruntime-node package, which failed to load: ${(err as Error).message}`, { cause: err });
    },
  );
  return ortPromise;
}

export interface SessionSettings {
  /** Threads inside one operator. Default 1: on small machines more threads are slower for small models. */
  intraOpThreads?: number;
}

/** Names of the decoder-with-past graph's KV inputs/outputs, per layer. */
export interface GraphIo {
  pastKeys: string[];
  pastValues: string[];
  presentKeys: string[];
  presentValues: string[];
  hasPositionIds: boolean;
}

/** Checks the graph is a decoder with past (Optimum naming) for `numLayers` layers. */
export function checkGraph(session: Pick<OrtSession, 'inputNames' | 'outputNames'>, folder: ModelFolder): GraphIo {
  const inputs = new Set(session.inputNames);
  const outputs = new Set(session.outputNames);
  const io: GraphIo = { pastKeys: [], pastValues: [], presentKeys: [], presentValues: [], hasPositionIds: inputs.has('position_ids') };
  const missing: string[] = [];
  for (const name of ['input_ids', 'attention_mask']) if (!inputs.has(name)) missing.push(name);
  if (!outputs.has('logits')) missing.push('logits (output)');
  for (let i = 0; i < folder.numLayers; i++) {
    for (const [kind, list] of [['key', io.pastKeys], ['value', io.pastValues]] as const) {
      const name = `past_key_values.${i}.${kind}`;
      if (inputs.has(name)) list.push(name);
      else missing.push(name);
    }
    for (const [kind, list] of [['key', io.presentKeys], ['value', io.presentValues]] as const) {
      const name = `present.${i}.${kind}`;
      if (outputs.has(name)) list.push(name);
      else missing.push(`${name} (output)`);
    }
  }
  if (missing.length) {
    throw new ProviderError(
      'malformed',
      `Local model: ${folder.onnxPath} is not a decoder-with-past graph for ${folder.numLayers} layers; missing ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` and ${missing.length - 6} more` : ''}. Export with Optimum's text-generation-with-past task.`,
    );
  }
  return io;
}

export async function createSession(folder: ModelFolder, settings: SessionSettings = {}): Promise<{ ort: OrtModule; session: OrtSession; io: GraphIo }> {
  const ort = await loadOrt();
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(folder.onnxPath, {
      intraOpNumThreads: Math.max(1, Math.floor(settings.intraOpThreads ?? 1)),
      // The decode loop is one small graph at a time: parallel branches buy nothing.
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    throw new ProviderError('malformed', `Local model: onnxruntime could not open ${folder.onnxPath}: ${(err as Error).message}`, { cause: err });
  }
  return { ort, session, io: checkGraph(session, folder) };
}
