// Difficulty-aware routing (methods.md §4, A²FM / AdaCtrl): one cheap call
// classifies the task as instant / reasoning / agentic, which picks the
// strategy and the thinking budget. A caller that names a strategy skips it.
import type { RunContext } from './context';
import { callModel } from './model-call';
import { ROUTER_SYSTEM } from './prompts';
import type { RouteMode, StrategyName } from './types';

const ROUTE_MAX_OUTPUT = 8;

/** Thinking budget per mode when the caller gave none (instant: no thinking). */
export const DEFAULT_ROUTE_THINKING: Record<RouteMode, number> = { instant: 0, reasoning: 4096, agentic: 1024 };

export interface Route {
  mode: RouteMode;
  strategy: StrategyName;
  thinkingBudgetTokens: number;
}

/** The mode named in a router reply; null when it names none. */
export function parseRouteMode(text: string): RouteMode | null {
  const m = /\b(instant|reasoning|agentic)\b/i.exec(text);
  return m ? (m[1]!.toLowerCase() as RouteMode) : null;
}

export function routeFor(mode: RouteMode, ctx: RunContext): Route {
  const hasTools = ctx.options.tools.tools.length > 0;
  const strategy: StrategyName = mode === 'reasoning' ? 'plan-and-budget' : mode === 'agentic' && hasTools ? 'bats' : 'react';
  const fallback = ctx.options.routeThinkingBudgets?.[mode] ?? DEFAULT_ROUTE_THINKING[mode];
  // An explicit run-level thinking budget caps (never raises) what the mode asks for.
  const given = ctx.options.thinkingBudgetTokens;
  const thinkingBudgetTokens = mode === 'instant' ? 0 : given !== undefined ? Math.min(given, fallback) : fallback;
  return { mode, strategy, thinkingBudgetTokens };
}

export async function routeTask(ctx: RunContext): Promise<Route> {
  ctx.nextStep();
  const result = await callModel(ctx, {
    purpose: 'route',
    messages: [
      { role: 'system', content: ROUTER_SYSTEM },
      { role: 'user', content: ctx.options.task },
    ],
    wantedMaxOutputTokens: ROUTE_MAX_OUTPUT,
    minUsefulOutputTokens: 1,
    stream: false,
    thinking: false,
  });
  const parsed = parseRouteMode(result.text);
  // Unclassifiable: the agentic default when tools exist, else a plain answer.
  const mode = parsed ?? (ctx.options.tools.tools.length > 0 ? 'agentic' : 'instant');
  const route = routeFor(mode, ctx);
  ctx.emit({
    type: 'log',
    level: 'info',
    message: `router: ${parsed ?? `unclassified (${JSON.stringify(result.text.slice(0, 40))})`} → ${route.strategy}, thinking budget ${route.thinkingBudgetTokens}`,
  });
  return route;
}
