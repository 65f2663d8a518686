// The models a person can pick for the configured provider: the local ONNX
// model folder, the OpenAI-compatible endpoint's /models list (cached a few
// minutes; the configured model always included), or VS Code's language models.
// Used by Select Model… and the panel's model picker.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ModelOption } from '../core/protocol';
import { DEFAULT_OPENAI_MODEL } from './runFactory';
import type { Settings } from './settings';

const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { at: number; ids: string[] }>();

export interface ModelListDeps {
  apiKey(): Thenable<string | undefined>;
  log: vscode.LogOutputChannel;
}

/** Ids the endpoint or VS Code lists (may be empty; failures are logged, not thrown). */
export async function listModelIds(settings: Settings, deps: ModelListDeps, opts: { fresh?: boolean } = {}): Promise<string[]> {
  try {
    if (settings.provider === 'vscode-lm') return (await vscode.lm.selectChatModels()).map((m) => m.id);
    if (settings.provider !== 'openai') return [];
    const base = settings['openai.baseUrl'].replace(/\/+$/, '');
    const hit = cache.get(base);
    if (!opts.fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.ids;
    const key = await deps.apiKey();
    const res = await fetch(`${base}/models`, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(8000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { data?: Array<{ id?: unknown }> };
    const ids = (body.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : [])).sort();
    cache.set(base, { at: Date.now(), ids });
    return ids;
  } catch (err) {
    deps.log.warn(`listing ${settings.provider} models failed: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

/** The model the settings select when the panel says "Default". */
export function configuredModel(settings: Settings): string {
  if (settings.provider === 'onnx') return settings['local.modelPath'];
  if (settings.provider === 'openai') return settings.model || DEFAULT_OPENAI_MODEL;
  return settings.model;
}

/** Options for the panel's model picker (the configured model first). */
export async function modelOptions(settings: Settings, deps: ModelListDeps): Promise<ModelOption[]> {
  if (settings.provider === 'onnx') {
    const p = settings['local.modelPath'];
    return p ? [{ id: p, label: path.basename(p) || p, provider: 'onnx', detail: `local ONNX · ${p}`.slice(0, 1000) }] : [];
  }
  const ids = await listModelIds(settings, deps);
  const current = configuredModel(settings);
  const all = current && !ids.includes(current) ? [current, ...ids] : ids;
  return all.slice(0, 500).map((id) => ({ id: id.slice(0, 500), label: id.slice(0, 500), provider: settings.provider, ...(id === current ? { detail: `${settings.provider} · configured` } : {}) }));
}

/** Settings for a run with the panel's model choice applied (null = as configured). */
export function withModel(settings: Settings, model: string | null): Settings {
  if (model === null) return settings;
  if (settings.provider === 'onnx') return { ...settings, 'local.modelPath': model };
  return { ...settings, model };
}
