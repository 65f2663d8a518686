// The optional parts of a CLI run that reach beyond one run: workspace caps
// fed by the persisted ledger, the team budget document, and OpenTelemetry
// export. Each is off unless its flag (or, for telemetry, env) is given.
import { readFile } from 'node:fs/promises';
import { PriceTable, WorkspaceBudget, type SpendStore } from '../core/budget';
import type { BudgetLimits } from '../core/budget/usage';
import type { Disposable, EventStream } from '../core/events/emitter';
import { createOtelExporter } from '../core/telemetry/lazy';
import { otelOptionsFromEnv } from '../core/telemetry/options';
import { applyTeamAllowance, createTeamBudgetSource } from '../core/team';
import { UsageError, type RunConfig } from './args';
import type { CliIO } from './io';

/** The price table with the user's --prices file folded in; a bad file is a usage error. */
export async function priceTable(config: RunConfig, io: CliIO): Promise<PriceTable> {
  if (!config.prices) return new PriceTable();
  let user: unknown;
  try {
    user = JSON.parse(await readFile(config.prices, 'utf8'));
  } catch (err) {
    throw new UsageError(`--prices ${config.prices}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const table = new PriceTable(user);
  for (const problem of table.problems) io.stderr(`[budget-agent] --prices: ${problem}\n`);
  return table;
}

/**
 * A default money cap cannot be enforced on a model with no known price (the
 * budget would refuse every call): it is dropped with a notice, while the
 * token, tool-call and time caps still hold. A cap the user asked for stays.
 */
export function moneyCapFor(config: RunConfig, limits: BudgetLimits, priced: boolean, io: CliIO): BudgetLimits {
  if (priced || limits.maxUsd === undefined || config.explicitLimits.has('maxUsd')) return limits;
  io.stderr(`[budget-agent] no price known for model "${config.model}": the default money cap is off (token, tool-call and time caps still apply). Give prices with --prices FILE to cap money.\n`);
  const { maxUsd: _dropped, ...rest } = limits;
  return rest;
}

export function workspaceScope(config: RunConfig, store: SpendStore): WorkspaceBudget {
  return new WorkspaceBudget({ dailyUsd: config.dailyUsdCap, monthlyUsd: config.monthlyUsdCap, store });
}

/**
 * Folds the team's remaining allowance into the run's limits. Never blocks
 * silently: an unreachable source is said on stderr and local caps apply.
 */
export async function teamLimits(config: RunConfig, store: SpendStore, io: CliIO): Promise<{ limits: BudgetLimits; refusal?: string }> {
  if (!config.teamBudgetUrl) return { limits: config.limits };
  const token = io.env.BUDGET_AGENT_TEAM_TOKEN;
  const source = createTeamBudgetSource({ url: config.teamBudgetUrl, headers: token ? { authorization: `Bearer ${token}` } : undefined });
  const past = await store.readAll();
  // Local spend recorded after the document's updatedAt, which it cannot know yet.
  const allowance = await source.teamAllowance((since) => past.reduce((sum, l) => (l.k === 'c' && l.ts > since ? sum + l.usd : sum), 0));
  const adjusted = applyTeamAllowance(config.limits, allowance);
  if (adjusted.notice) io.stderr(`[budget-agent] team budget: ${adjusted.notice}\n`);
  return { limits: adjusted.limits, refusal: adjusted.refusal };
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

export function startTelemetry(config: RunConfig, events: EventStream, io: CliIO): Telemetry {
  const fromEnv = otelOptionsFromEnv(io.env);
  const endpoint = config.otlpEndpoint ?? fromEnv.endpoint;
  if (!endpoint) return { shutdown: async () => undefined };
  const exporter = createOtelExporter({
    ...fromEnv,
    endpoint,
    onError: (message) => io.stderr(`[budget-agent] telemetry: ${message}\n`),
  });
  const sub: Disposable = exporter.attach(events);
  return {
    shutdown: async () => {
      sub.dispose();
      await exporter.shutdown();
    },
  };
}
