// Reads an Optimum / transformers.js style model folder:
//   config.json, generation_config.json, tokenizer.json,
//   optional tokenizer_config.json (chat template, special tokens),
//   onnx/model.onnx (a "decoder with past" graph).
// Only plain JSON is read here; the ONNX graph itself is opened lazily by
// runtime.ts on the first generation, so loading a folder stays cheap.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ProviderError } from '../types';

export interface ModelFolder {
  /** Absolute folder path. */
  dir: string;
  /** Folder name, used as the model id. */
  name: string;
  onnxPath: string;
  numLayers: number;
  numKvHeads: number;
  headDim: number;
  vocabSize: number;
  /** Context window: positions the model was trained for. */
  maxPositions: number;
  bosTokenId?: number;
  /** Generated tokens that end the completion (generation_config wins over config). */
  eosTokenIds: number[];
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  /** Jinja chat template, when the tokenizer config ships one. */
  chatTemplate?: string;
}

async function readJson(file: string, what: string, required: boolean): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProviderError('not_found', `Local model: cannot read ${what} at ${file}: ${(err as Error).message}. The folder must hold an Optimum/transformers.js export (config.json, generation_config.json, tokenizer.json, onnx/model.onnx).`, { cause: err });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ProviderError('malformed', `Local model: ${what} at ${file} is not valid JSON (${(err as Error).message}).`, { cause: err });
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** eos_token_id may be a number or a list (stories260K: [2, 1]). */
export function toIdList(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === 'number');
  return [];
}

/** tokenizer_config.json's chat_template: a string, or a list of named templates (use "default"). */
function pickChatTemplate(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v;
  if (Array.isArray(v)) {
    const named = v as Array<{ name?: unknown; template?: unknown }>;
    const def = named.find((t) => t.name === 'default') ?? named[0];
    if (def && typeof def.template === 'string') return def.template;
  }
  return undefined;
}

export async function loadModelFolder(modelPath: string): Promise<ModelFolder> {
  const dir = path.resolve(modelPath);
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch {
    throw new ProviderError('not_found', `Local model folder not found: ${dir}. Set budgetAgent.local.modelPath to a folder exported for transformers.js (config.json, tokenizer.json, onnx/model.onnx).`);
  }
  if (!stat.isDirectory()) throw new ProviderError('not_found', `Local model path is not a folder: ${dir}.`);

  const onnxPath = path.join(dir, 'onnx', 'model.onnx');
  try {
    await fs.access(onnxPath);
  } catch {
    throw new ProviderError('not_found', `Local model: missing ONNX graph ${onnxPath}. Export the model with Optimum (task text-generation-with-past) so that onnx/model.onnx exists.`);
  }

  const config = (await readJson(path.join(dir, 'config.json'), 'config.json', true))!;
  // Some exports omit generation_config.json; config.json then carries the eos ids.
  const genConfig = (await readJson(path.join(dir, 'generation_config.json'), 'generation_config.json', false)) ?? {};
  const tokenizerJson = (await readJson(path.join(dir, 'tokenizer.json'), 'tokenizer.json', true))!;
  const tokenizerConfig = (await readJson(path.join(dir, 'tokenizer_config.json'), 'tokenizer_config.json', false)) ?? {};

  const numLayers = num(config.num_hidden_layers) ?? num(config.n_layer) ?? num(config.num_layers);
  const numHeads = num(config.num_attention_heads) ?? num(config.n_head);
  const hidden = num(config.hidden_size) ?? num(config.n_embd);
  const numKvHeads = num(config.num_key_value_heads) ?? numHeads;
  const headDim = num(config.head_dim) ?? (hidden && numHeads ? hidden / numHeads : undefined);
  const vocabSize = num(config.vocab_size);
  const maxPositions = num(config.max_position_embeddings) ?? num(config.n_positions) ?? num(tokenizerConfig.model_max_length);
  if (!numLayers || !numKvHeads || !headDim || !vocabSize || !maxPositions) {
    throw new ProviderError('malformed', `Local model: config.json in ${dir} lacks num_hidden_layers / num_attention_heads / hidden_size / vocab_size / max_position_embeddings.`);
  }

  const eos = toIdList(genConfig.eos_token_id);
  const eosTokenIds = eos.length ? eos : toIdList(config.eos_token_id);
  const bosTokenId = num(genConfig.bos_token_id) ?? num(config.bos_token_id);

  return {
    dir,
    name: path.basename(dir),
    onnxPath,
    numLayers,
    numKvHeads,
    headDim,
    vocabSize,
    maxPositions,
    bosTokenId,
    eosTokenIds,
    tokenizerJson,
    tokenizerConfig,
    chatTemplate: pickChatTemplate(tokenizerConfig.chat_template),
  };
}
