// History: today's and this month's workspace spend against the caps, a
// daily spend chart, monthly totals and the past runs, from the persisted ledger.
import type { HistoryData } from '../../../src/core/protocol';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { h, icon, setText } from '../dom';
import { STOP_LABEL, STOP_SHORT, fmtCount, fmtDateTime, fmtUsd, fmtWhen } from '../format';
import { Chart, alpha, onThemeChange, themeColors } from './charts';

export class HistoryView {
  readonly el: HTMLElement;
  private readonly today = h('div', { class: 'stat', id: 'history-today' });
  private readonly month = h('div', { class: 'stat', id: 'history-month' });
  private readonly canvas = h('canvas', { id: 'daily-canvas', role: 'img', 'aria-label': 'Daily spend' });
  private readonly runsList = h('ol', { class: 'runs', id: 'runs-list', 'aria-label': 'Past runs, newest first' });
  private readonly monthsBody = h('tbody');
  private readonly status = h('p', { class: 'empty', id: 'history-status', text: 'Loading history…' });
  private chart: Chart<'bar'> | null = null;
  private data: HistoryData | null = null;

  constructor(private readonly onRefresh: () => void) {
    const refresh = h('vscode-button', { secondary: true, icon: 'refresh', id: 'history-refresh' }, 'Refresh');
    refresh.addEventListener('click', () => this.onRefresh());
    this.el = h(
      'section',
      { class: 'tab-body', id: 'history', 'aria-labelledby': 'history-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'history-title' }, icon('history'), ' Workspace spend'), refresh),
      this.status,
      h('div', { class: 'stats' }, this.today, this.month),
      h('section', { class: 'card', 'aria-labelledby': 'daily-title' }, h('h3', { id: 'daily-title', class: 'sub', text: 'Daily spend (last 30 days)' }), h('div', { class: 'chart-box short' }, this.canvas)),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'runs-title' },
        h('h3', { id: 'runs-title', class: 'sub', text: 'Past runs' }),
        this.runsList,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'months-title' },
        h('h3', { id: 'months-title', class: 'sub', text: 'Monthly totals' }),
        h('table', { class: 'grid', id: 'months-table' }, h('thead', {}, h('tr', {}, ...['Month', 'Runs', 'Tokens', 'Cost'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : '', text: c })))), this.monthsBody),
      ),
    );
    onThemeChange(() => {
      this.chart?.destroy();
      this.chart = null;
      if (this.data) this.render(this.data);
    });
  }

  render(d: HistoryData): void {
    this.data = d;
    const todayKey = localDay(Date.now());
    const monthKey = todayKey.slice(0, 7);
    const t = d.daily.find((b) => b.period === todayKey);
    const m = d.monthly.find((b) => b.period === monthKey);
    stat(this.today, 'Today', t?.usd ?? 0, d.caps?.dailyUsd ?? null, t?.runs ?? 0);
    stat(this.month, 'This month', m?.usd ?? 0, d.caps?.monthlyUsd ?? null, m?.runs ?? 0);
    this.status.hidden = d.runs.length > 0;
    setText(this.status, d.runs.length ? '' : 'No runs recorded in this workspace yet.');

    // One run per row: the task and its cost, then when · strategy · model · result · tokens
    // (a table squeezes the task to nothing in a default-width side bar).
    this.runsList.replaceChildren(
      ...d.runs.slice(0, 50).map((r) => {
        const tokens = r.spent.inputTokens + r.spent.outputTokens;
        const model = shortModel(r.model);
        return h(
          'li',
          { class: 'run-row', 'data-run-id': r.runId, title: `${r.task}\n${fmtDateTime(r.ts)} · ${r.strategy} · ${r.model} · ${STOP_LABEL[r.stoppedBy] ?? r.stoppedBy} · ${r.steps} step${r.steps === 1 ? '' : 's'}` },
          h('div', { class: 'run-top' }, h('span', { class: 'run-task', text: r.task || '(no task)' }), h('span', { class: 'run-cost', text: fmtUsd(r.spent.usd) })),
          h(
            'div',
            { class: 'run-meta' },
            `${fmtWhen(r.ts)} · ${r.strategy}${model ? ` · ${model}` : ''} · `,
            h('span', { class: r.stoppedBy === 'answer' ? 'ok' : 'warn', text: STOP_SHORT[r.stoppedBy] ?? r.stoppedBy }),
            ` · ${fmtCount(tokens)}\u00a0tok`,
          ),
        );
      }),
    );
    this.monthsBody.replaceChildren(
      ...d.monthly.slice(-12).reverse().map((b) => h('tr', {}, h('td', { text: b.period }), h('td', { class: 'num', text: String(b.runs) }), h('td', { class: 'num', text: fmtCount(b.tokens) }), h('td', { class: 'num', text: fmtUsd(b.usd) }))),
    );
    this.drawDaily(d);
  }

  private drawDaily(d: HistoryData): void {
    const days: string[] = [];
    for (let i = 29; i >= 0; i--) days.push(localDay(Date.now() - i * 86_400_000));
    const byDay = new Map(d.daily.map((b) => [b.period, b.usd]));
    const values = days.map((k) => byDay.get(k) ?? 0);
    const labels = days.map((k) => k.slice(5));
    this.canvas.setAttribute('aria-label', `Daily spend, last 30 days: total ${fmtUsd(values.reduce((a, b) => a + b, 0))}, highest ${fmtUsd(Math.max(0, ...values))} in one day`);
    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets[0]!.data = values;
      this.chart.update('none');
      return;
    }
    const c = themeColors();
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: 'USD', data: values, backgroundColor: alpha(c.blue, 0.7), borderColor: c.blue, borderWidth: c.highContrast ? 1 : 0 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (i) => fmtUsd(Number(i.parsed.y)) } } },
        scales: {
          x: { grid: { display: false }, border: { color: c.grid }, ticks: { color: c.muted, maxTicksLimit: 6, maxRotation: 0 } },
          y: { beginAtZero: true, grid: { color: c.grid }, border: { color: c.grid }, ticks: { color: c.muted, maxTicksLimit: 4, callback: (v) => fmtUsd(Number(v)) } },
        },
      },
    });
  }
}

function stat(el: HTMLElement, label: string, usd: number, cap: number | null, runs: number): void {
  const pct = cap ? Math.min(1, usd / cap) : 0;
  const fill = h('div', { class: `g-fill tier-bg-${pct >= 0.9 ? 'CRITICAL' : pct >= 0.7 ? 'LOW' : pct >= 0.3 ? 'MEDIUM' : 'HIGH'}` });
  fill.style.width = `${pct * 100}%`;
  const bar = cap !== null ? h('div', { class: 'g-bar', role: 'progressbar', 'aria-label': `${label}: ${fmtUsd(usd)} of ${fmtUsd(cap)}`, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(pct * 100) }, fill) : '';
  el.replaceChildren(
    h('span', { class: 'stat-label', text: label }),
    h('span', { class: 'stat-value', text: fmtUsd(usd) }),
    h('span', { class: 'stat-sub', text: `${cap !== null ? `of ${fmtUsd(cap)} cap` : 'no cap'} · ${runs} run${runs === 1 ? '' : 's'}` }),
    bar,
  );
}

/** A model folder path or a long id, shortened for one line (the tooltip has it whole). */
function shortModel(model: string): string {
  const last = model.split(/[\\/]/).filter(Boolean).pop() ?? model;
  return last.length > 28 ? `${last.slice(0, 27)}…` : last;
}

export function localDay(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
