// Cumulative spend over the run: USD (left axis) and tokens (right axis).
// Updated at most ~4 times a second, without animation.
import type { PanelState, SpendPoint } from '../../../src/core/protocol';
import { h, icon } from '../dom';
import { fmtCount, fmtSeconds, fmtUsd } from '../format';
import { Chart, alpha, onThemeChange, themeColors } from './charts';

const MIN_UPDATE_MS = 250;

export class SpendChartView {
  readonly el: HTMLElement;
  private readonly canvas = h('canvas', { id: 'spend-canvas', role: 'img', 'aria-label': 'Cumulative spend over the run' });
  private readonly caption = h('p', { class: 'chart-caption', id: 'spend-caption' });
  private chart: Chart<'line', { x: number; y: number }[]> | null = null;
  private last: SpendPoint[] | null = null;
  private lastDraw = 0;
  private pending: PanelState | null = null;
  private timer: number | null = null;
  private state: PanelState | null = null;

  constructor() {
    this.el = h(
      'section',
      { class: 'card', id: 'spend-chart', 'aria-labelledby': 'chart-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'chart-title' }, icon('graph-line'), ' Cumulative spend'), h('span', { class: 'legend' }, h('span', { class: 'key usd' }), 'USD ', h('span', { class: 'key tok' }), 'tokens')),
      h('div', { class: 'chart-box' }, this.canvas),
      this.caption,
    );
    onThemeChange(() => this.retheme());
  }

  private create(): Chart<'line', { x: number; y: number }[]> {
    const c = themeColors();
    Chart.defaults.font.family = c.font;
    Chart.defaults.color = c.muted;
    return new Chart(this.canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'USD', data: [], yAxisID: 'usd', borderColor: c.blue, backgroundColor: alpha(c.blue, 0.15), fill: 'origin', pointRadius: 0, borderWidth: c.highContrast ? 2.5 : 2, tension: 0 },
          { label: 'Tokens', data: [], yAxisID: 'tok', borderColor: c.purple, borderDash: [5, 3], pointRadius: 0, borderWidth: c.highContrast ? 2.5 : 1.5, tension: 0 },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => fmtSeconds(items[0]?.parsed.x ?? 0),
              label: (item) => (item.datasetIndex === 0 ? `USD ${fmtUsd(item.parsed.y ?? 0)}` : `Tokens ${fmtCount(item.parsed.y ?? 0)}`),
            },
          },
        },
        scales: {
          x: { type: 'linear', min: 0, grid: { color: c.grid }, border: { color: c.grid }, ticks: { color: c.muted, maxTicksLimit: 5, callback: (v) => fmtSeconds(Number(v)) } },
          usd: { type: 'linear', position: 'left', beginAtZero: true, grid: { color: c.grid }, border: { color: c.grid }, ticks: { color: c.blue, maxTicksLimit: 5, callback: (v) => fmtUsd(Number(v)) } },
          tok: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, border: { color: c.grid }, ticks: { color: c.purple, maxTicksLimit: 5, callback: (v) => fmtCount(Number(v)) } },
        },
      },
    });
  }

  render(s: PanelState): void {
    this.state = s;
    if (this.last === s.series) return;
    const now = performance.now();
    const final = s.status !== 'running';
    if (!final && now - this.lastDraw < MIN_UPDATE_MS) {
      this.pending = s;
      this.timer ??= window.setTimeout(() => {
        this.timer = null;
        if (this.pending) this.render(this.pending);
      }, MIN_UPDATE_MS);
      return;
    }
    this.pending = null;
    this.last = s.series;
    this.lastDraw = now;
    this.el.hidden = s.series.length === 0;
    if (s.series.length === 0) return;
    this.chart ??= this.create();
    const [usd, tok] = this.chart.data.datasets;
    usd!.data = s.series.map((p) => ({ x: p.t / 1000, y: p.usd }));
    tok!.data = s.series.map((p) => ({ x: p.t / 1000, y: p.tokens }));
    const xs = this.chart.options.scales?.['x'];
    if (xs) xs.max = Math.max(1, lastT(s.series) / 1000);
    this.chart.update('none');
    const lastP = s.series[s.series.length - 1]!;
    this.caption.textContent = `${fmtUsd(lastP.usd)} and ${fmtCount(lastP.tokens)} tokens after ${fmtSeconds(lastP.t / 1000)}${s.limits.maxUsd !== undefined ? ` (limit ${fmtUsd(s.limits.maxUsd)})` : ''}.`;
    this.canvas.setAttribute('aria-label', `Cumulative spend chart: ${this.caption.textContent}`);
  }

  private retheme(): void {
    if (!this.chart) return;
    this.chart.destroy();
    this.chart = null;
    this.last = null;
    this.lastDraw = 0;
    if (this.state) this.render(this.state);
  }
}

function lastT(series: SpendPoint[]): number {
  return series[series.length - 1]?.t ?? 0;
}
