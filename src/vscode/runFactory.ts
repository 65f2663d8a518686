// The production RunFactory: provider from settings (+ SecretStorage key; the
// ONNX runtime itself loads on the first model call),
// a RunBudget chained under the workspace's daily/monthly caps and persisted
// in the workspace ledger, and the workspace tools (write tools and
// run_command only in a trusted workspace, through tools/host.ts: diff +
// WorkspaceEdit, confirmed commands). With `services`: restricted settings
// from user settings only when untrusted, the team allowance applied before
// the run (refused at the team cap), and OpenTelemetry export of its events.
import * as vscode from 'vscode';
import { runAgent } from '../core/agent';
import { PriceTable, RunBudget } from '../core/budget';
import type { ModelProvider } from '../core/models/types';
import { createOnnxProvider } from '../core/models/onnx';
import { createOpenAIProvider } from '../core/models/openai';
import { createToolSet, emptyToolSet } from '../core/tools';
import type { RunFactory } from './agentBridge';
import type { WorkspaceLedger } from './ledger';
import type { RunTelemetry, TeamBudgets } from './telemetry';
import type { VsCodeToolHost } from './tools/host';
import { restrictSettings } from './tools/scopedSettings';
import { selectVsCodeLmProvider } from './lm/lmProvider';
import { runLimits, type Settings } from './settings';

export const DEFAULT_OPENAI_MODEL = 'gpt-5-mini';
const THINKING_SHARE = { high: 1, medium: 0.5, low: 0.25 } as const;
const THINKING_BASE_WITHOUT_CAP = 4096;

/** The VS Code parts a production run uses beyond settings and ledger (extension.ts makes one of each). */
export interface RunServices {
  tools?: VsCodeToolHost;
  telemetry?: RunTelemetry;
  team?: TeamBudgets;
}

export function productionRunFactory(ledger: WorkspaceLedger, log: vscode.LogOutputChannel, services: RunServices = {}): RunFactory {
  return {
    async prepare(requested, env) {
      // Restricted Mode: URLs and executables come from user settings only.
      const settings = restrictSettings(requested, env.trusted);
      const team = services.team ? await services.team.adjust(runLimits(settings), ledger, env.trusted) : { limits: runLimits(settings), refusal: undefined };
      if (team.refusal) throw new Error(`${team.refusal} The run was not started.`);
      const provider = await createProvider(settings, env.apiKey);
      const workspace = await ledger.workspaceBudget(settings);
      const pricing = new PriceTable(settings['pricing.overrides']);
      for (const p of pricing.problems) log.warn(p);
      const budget = new RunBudget({ runId: env.runId, limits: team.limits, parent: workspace, pricing, provider: provider.kind, model: provider.model, events: env.events });
      const tools = services.tools
        ? services.tools.toolSet({
            workspaceRoot: env.workspaceRoot,
            hasWorkspace: env.workspaceRoot !== undefined,
            trusted: env.trusted,
            providerUsesTools: provider.kind !== 'onnx',
            maxToolCalls: settings['budget.maxToolCalls'],
          })
        : provider.kind === 'onnx' || settings['budget.maxToolCalls'] === 0 || !env.workspaceRoot
          ? emptyToolSet(env.workspaceRoot)
          : createToolSet({ workspaceRoot: env.workspaceRoot, trusted: env.trusted, commands: false, confirm: confirmModal });
      // No thinking cap (null): per-call thinking from the setting's default.
      const thinking = settings['budget.maxThinkingTokens'] ?? THINKING_BASE_WITHOUT_CAP;
      const perCall = Math.round(thinking * THINKING_SHARE[settings['thinking.mode']]);
      await services.telemetry?.attach(env.events, env.trusted);
      log.info(`run ${env.runId}: ${provider.kind}/${provider.model}, strategy ${settings.strategy}, ${tools.tools.length} tools, limits ${JSON.stringify(budget.limits)}`);
      return { strategy: settings.strategy, provider, budget, tools, ...(perCall > 0 ? { thinkingBudgetTokens: perCall } : {}) };
    },
    runAgent,
  };
}

async function createProvider(settings: Settings, apiKey: string | undefined): Promise<ModelProvider> {
  switch (settings.provider) {
    case 'openai': {
      const baseUrl = settings['openai.baseUrl'];
      if (!apiKey && /api\.openai\.com/.test(baseUrl)) throw new Error("no API key for api.openai.com: set it with 'Budget Agent: Set API Key…'.");
      return createOpenAIProvider({ baseUrl, apiKey, model: settings.model || DEFAULT_OPENAI_MODEL });
    }
    case 'vscode-lm':
      return selectVsCodeLmProvider(settings.model || undefined);
    case 'onnx': {
      const modelPath = settings['local.modelPath'];
      if (!modelPath) throw new Error("no local model: set budgetAgent.local.modelPath to an ONNX model folder (or run 'Budget Agent: Select Model…').");
      return createOnnxProvider({ modelPath, intraOpThreads: settings['local.intraOpThreads'] });
    }
  }
}

async function confirmModal(request: { title: string; detail: string }): Promise<boolean> {
  const pick = await vscode.window.showWarningMessage(request.title, { modal: true, detail: request.detail }, 'Allow');
  return pick === 'Allow';
}
