// The models a person can pick for the configured provider: the local ONNX
// model folder, the OpenAI-compatible endpoint's /models list (cached a few
// minutes; the configured model always included), or VS Code's language models.
// Used by Select Model… and the panel's model picker. In Restricted Mode the
// endpoint and the model folder come from user settings only, as for runs.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ModelOption } from '../core/protocol';
import { DEFAULT_OPENAI_MODEL } from './runFactory';
import type { Settings } from './settings';
import { restrictSettings } from './tools/scopedSettings';

const CACHE_MS = 5 * 60_000;
/** A failed listing is not retried for this long (the panel asks on every configuration change). */
const FAILED_CACHE_MS = 60_000;
const cache = new Map<string, { at: number; ids: string[]; failed?: boolean }>();

export interface ModelListDeps {
  apiKey(): Thenable<string | undefined>;
  log: vscode.LogOutputChannel;
}

/** Ids the endpoint or VS Code lists (may be empty; failures are logged, not thrown). */
export async function listModelIds(requested: Settings, deps: ModelListDeps, opts: { fresh?: boolean; timeoutMs?: number } = {}): Promise<string[]> {
  // Restricted Mode: the endpoint (which receives the API key) comes from user settings only.
  const settings = restrictSettings(requested, vscode.workspace.isTrusted);
  const base = settings['openai.baseUrl'].replace(/\/+$/, '');
  try {
    if (settings.provider === 'vscode-lm') return (await vscode.lm.selectChatModels()).map((m) => m.id);
    if (settings.provider !== 'openai') return [];
    const hit = cache.get(base);
    if (!opts.fresh && hit && Date.now() - hit.at < (hit.failed ? FAILED_CACHE_MS : CACHE_MS)) return hit.ids;
    const key = await deps.apiKey();
    const res = await fetch(`${base}/models`, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(opts.timeoutMs ?? 8000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { data?: Array<{ id?: unknown }> };
    const ids = (body.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : [])).sort();
    cache.set(base, { at: Date.now(), ids });
    return ids;
  } catch (err) {
    deps.log.warn(`listing ${settings.provider} models failed: ${err instanceof Error ? err.message : String(err)}`);
    if (settings.provider === 'openai') cache.set(base, { at: Date.now(), ids: [], failed: true });
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
export async function modelOptions(requested: Settings, deps: ModelListDeps): Promise<ModelOption[]> {
  const settings = restrictSettings(requested, vscode.workspace.isTrusted);
  if (settings.provider === 'onnx') {
    const p = settings['local.modelPath'];
    return p ? [{ id: p, label: path.basename(p) || p, provider: 'onnx', detail: `local ONNX · ${p}`.slice(0, 1000) }] : [];
  }
  // Short timeout: the panel's budgets and pickers wait for this list.
  const ids = await listModelIds(settings, deps, { timeoutMs: 3000 });
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
