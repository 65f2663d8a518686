// `budget-agent run`: wires provider, budget (persisted to the JSONL ledger),
// tools and event output around runAgent, and prints the summary.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { runAgent } from '../core/agent';
import { RunBudget, SpendStore, ZERO_USAGE } from '../core/budget';
import { EventStream } from '../core/events/emitter';
import type { ModelProvider } from '../core/models/types';
import { commandEnvironment, createToolSet, emptyToolSet } from '../core/tools';
import { UsageError, type RunConfig } from './args';
import { contractSummary, exitCodeFor, humanSummary, type CliSummary } from './format';
import type { CliIO } from './io';
import { moneyCapFor, priceTable, startTelemetry, teamLimits, workspaceScope, type Telemetry } from './extras';
import { createProvider } from './providers';

async function openEvents(target: string | undefined, io: CliIO): Promise<{ write: (line: string) => void; close: () => Promise<void> }> {
  if (target === undefined) return { write: () => undefined, close: async () => undefined };
  if (target === '-') return { write: (line) => io.stdout(line), close: async () => undefined };
  const file = path.resolve(io.cwd, target);
  await mkdir(path.dirname(file), { recursive: true });
  const stream: WriteStream = createWriteStream(file, { flags: 'w' });
  return {
    write: (line) => void stream.write(line),
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}

function report(config: RunConfig, io: CliIO, summary: CliSummary): number {
  if (config.json) io.stdout(`${JSON.stringify(contractSummary(summary))}\n`);
  else {
    if (summary.answer !== null) io.stdout(`${summary.answer}\n`);
    io.stderr(humanSummary(summary));
  }
  return exitCodeFor(summary.stoppedBy);
}

export async function runCommand(config: RunConfig, io: CliIO): Promise<number> {
  const workspace = await stat(config.workspace).catch(() => undefined);
  if (!workspace?.isDirectory()) throw new UsageError(`--workspace ${config.workspace} is not a folder.`);

  const events = new EventStream();
  const sink = await openEvents(config.events, io);
  events.on((event) => sink.write(`${JSON.stringify(event)}\n`));

  let provider: ModelProvider | undefined;
  let store: SpendStore | undefined;
  let telemetry: Telemetry | undefined;
  try {
    try {
      provider = await createProvider(config, io.env);
      store = await SpendStore.open(config.ledger);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      // Failed before anything was spent: still report in the contract's shape.
      const message = err instanceof Error ? err.message : String(err);
      return report(config, io, { answer: null, stoppedBy: 'error', error: message, spent: { ...ZERO_USAGE }, limits: config.limits, steps: 0, strategy: config.strategy });
    }
    const pricing = await priceTable(config, io);
    const priced = provider.kind === 'onnx' || pricing.resolve(provider.model, provider.kind) !== undefined;
    const team = await teamLimits({ ...config, limits: moneyCapFor(config, config.limits, priced, io) }, store, io);
    if (team.refusal) {
      return report(config, io, { answer: null, stoppedBy: 'budget:usd', error: team.refusal, spent: { ...ZERO_USAGE }, limits: team.limits, steps: 0, strategy: config.strategy });
    }
    const runId = `cli-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    // The workspace scope persists every charge to the ledger and holds the
    // daily/monthly caps across runs (and across concurrent runs).
    const budget = new RunBudget({ runId, limits: team.limits, pricing, provider: provider.kind, model: provider.model, events, parent: workspaceScope(config, store) });
    telemetry = startTelemetry(config, events, io);
    // A local completion model cannot call tools: it gets none and answers in text.
    const tools =
      provider.kind === 'onnx'
        ? emptyToolSet(config.workspace)
        : createToolSet({
            workspaceRoot: config.workspace,
            trusted: true,
            commands: config.allowCommands,
            confirm: async () => config.allowCommands,
            // No secret reaches a command: the API key variable, whatever its name, and
            // every variable named like a credential.
            commandEnv: commandEnvironment(io.env, [config.apiKeyEnv]),
          });
    const summary = await runAgent({
      task: config.task,
      strategy: config.strategy,
      provider,
      budget,
      tools,
      events,
      signal: io.signal,
      runId,
      schedule: config.schedule,
      thinkingBudgetTokens: config.limits.maxThinkingTokens,
    });
    return report(config, io, summary);
  } finally {
    await telemetry?.shutdown();
    await store?.close();
    await provider?.dispose?.();
    await sink.close();
  }
}
