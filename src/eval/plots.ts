// Plots of a report, rendered to SVG with Vega-Lite → Vega in plain Node (the
// 'none' renderer needs no browser and no canvas):
//   accuracy-vs-cost.svg   accuracy against mean unified cost, one line per strategy (points = budgets)
//   scaling-<kind>.svg     the BATS-style scaling curve: accuracy against budget, per strategy
// vega and vega-lite are ES modules; they are loaded on first use.
import type { EvalReport } from './report';

export interface PlotFile {
  name: string;
  svg: string;
}

type VlSpec = Record<string, unknown>;

const KIND_TITLES: Record<string, string> = {
  tools: 'tool-call budget',
  tokens: 'token budget (input + output)',
  usd: 'money budget (USD)',
};

function points(report: EvalReport) {
  return report.cells
    .filter((c) => c.runs > 0)
    .map((c) => ({
      strategy: c.strategy,
      budget: c.budget,
      kind: c.budgetKind,
      size: c.budgetSize,
      accuracy: Number(c.accuracy.toFixed(4)),
      meanCostUsd: Number(c.meanCostUsd.toPrecision(4)),
      meanTokens: Math.round(c.meanTokens),
    }));
}

function base(title: string): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 480,
    height: 300,
    background: 'white',
    config: { font: 'sans-serif', legend: { orient: 'right' } },
  };
}

export function accuracyVsCostSpec(report: EvalReport): VlSpec {
  return {
    ...base(`Accuracy vs unified cost — ${report.model}`),
    data: { values: points(report) },
    mark: { type: 'line', point: { filled: true, size: 60 } },
    encoding: {
      x: { field: 'meanCostUsd', type: 'quantitative', title: 'mean unified cost per task (USD)' },
      y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } },
      color: { field: 'strategy', type: 'nominal', title: 'strategy', sort: report.strategies },
      order: { field: 'size', type: 'quantitative' },
      detail: { field: 'kind', type: 'nominal' },
      tooltip: [
        { field: 'strategy', type: 'nominal' },
        { field: 'budget', type: 'nominal' },
        { field: 'accuracy', type: 'quantitative' },
        { field: 'meanCostUsd', type: 'quantitative' },
      ],
    },
  };
}

export function scalingSpec(report: EvalReport, kind: string): VlSpec {
  const values = points(report).filter((p) => p.kind === kind);
  const sizes = values.map((v) => v.size);
  const log = sizes.length > 0 && Math.max(...sizes) / Math.min(...sizes) >= 8;
  return {
    ...base(`Budget scaling — accuracy vs ${KIND_TITLES[kind] ?? kind}`),
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 60 } },
    encoding: {
      x: {
        field: 'size',
        type: 'quantitative',
        title: KIND_TITLES[kind] ?? kind,
        scale: log ? { type: 'log', base: 2 } : { zero: false },
        ...(kind === 'usd' ? {} : { axis: { tickMinStep: 1, format: 'd' } }),
      },
      y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } },
      color: { field: 'strategy', type: 'nominal', title: 'strategy', sort: report.strategies },
      tooltip: [
        { field: 'strategy', type: 'nominal' },
        { field: 'budget', type: 'nominal' },
        { field: 'accuracy', type: 'quantitative' },
        { field: 'meanTokens', type: 'quantitative' },
      ],
    },
  };
}

// Typed loosely on purpose: only compile() and View#toSVG() are used.
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}
interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
}

let loaded: Promise<{ vl: VegaLiteModule; vega: VegaModule }> | undefined;

function loadVega(): Promise<{ vl: VegaLiteModule; vega: VegaModule }> {
  loaded ??= Promise.all([import('vega-lite'), import('vega')]).then(([vl, vega]) => ({
    vl: vl as unknown as VegaLiteModule,
    vega: vega as unknown as VegaModule,
  }));
  return loaded;
}

export async function renderSvg(spec: VlSpec): Promise<string> {
  const { vl, vega } = await loadVega();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Every plot the report supports: accuracy vs cost, and one scaling curve per single-resource budget kind. */
export async function renderPlots(report: EvalReport): Promise<PlotFile[]> {
  if (!report.cells.some((c) => c.runs > 0)) return [];
  const out: PlotFile[] = [{ name: 'accuracy-vs-cost.svg', svg: await renderSvg(accuracyVsCostSpec(report)) }];
  const kinds = [...new Set(report.cells.filter((c) => c.runs > 0 && c.budgetKind !== 'mixed').map((c) => c.budgetKind))];
  for (const kind of kinds) out.push({ name: `scaling-${kind}.svg`, svg: await renderSvg(scalingSpec(report, kind)) });
  return out;
}
