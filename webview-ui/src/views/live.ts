// Live run view: status, tier badge, tokens/s, one bar per resource against
// its limit coloured by that resource's tier, and the run's counters.
import type { Gauge, PanelState } from '../../../src/core/protocol';
import { gaugesOf } from '../../../src/core/protocol';
import { h, icon, setText } from '../dom';
import { STOP_LABEL, fmtCount, fmtExact, fmtUnit } from '../format';

interface GaugeRow {
  row: HTMLElement;
  value: HTMLElement;
  bar: HTMLElement;
  fill: HTMLElement;
}

export class LiveView {
  readonly el: HTMLElement;
  private readonly status = h('span', { class: 'pill', id: 'run-status' });
  private readonly tier = h('span', { class: 'tier', id: 'tier-badge', title: 'Policy tier by the tightest remaining resource' });
  private readonly rate = h('span', { class: 'rate', id: 'tokens-per-sec', title: 'Output tokens per second' });
  private readonly task = h('p', { class: 'task-line', id: 'run-task' });
  private readonly meta = h('p', { class: 'meta-line', id: 'run-meta' });
  private readonly gaugesEl = h('div', { class: 'gauges', id: 'gauges' });
  private readonly unlimited = h('p', { class: 'unlimited', id: 'unlimited' });
  private readonly empty = h('p', { class: 'empty', text: 'No run yet. Describe a task above and press Run.' });
  private readonly rows = new Map<string, GaugeRow>();
  private last: PanelState | null = null;

  constructor() {
    this.el = h(
      'section',
      { class: 'card', id: 'live', 'aria-labelledby': 'live-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'live-title' }, icon('pulse'), ' Live run'), h('div', { class: 'head-badges' }, this.rate, this.tier, this.status)),
      this.task,
      this.meta,
      this.empty,
      this.gaugesEl,
      this.unlimited,
    );
  }

  render(s: PanelState): void {
    if (this.last === s) return;
    const prev = this.last;
    this.last = s;
    const status = s.status === 'running' ? 'Running' : s.status === 'finished' ? (STOP_LABEL[s.run?.stoppedBy ?? ''] ?? 'Finished') : 'Idle';
    setText(this.status, status);
    this.status.className = `pill status-${s.status}${s.run?.stoppedBy && s.run.stoppedBy !== 'answer' ? ' stopped' : s.run?.stoppedBy === 'answer' ? ' ok' : ''}`;
    setText(this.tier, s.tier);
    this.tier.hidden = !s.run; // no tier before the first run
    this.tier.className = `tier tier-${s.tier}`;
    this.tier.setAttribute('aria-label', `Tier ${s.tier}, ${Math.round(s.fractionRemaining * 100)} percent of the tightest budget left`);
    const rate = s.streaming ? s.tokensPerSec : (s.lastCallTokensPerSec ?? 0);
    setText(this.rate, s.status === 'running' || rate > 0 ? `${rate.toFixed(rate < 10 ? 1 : 0)} tok/s` : '');
    this.rate.classList.toggle('live', s.streaming);
    this.task.hidden = !s.run;
    this.meta.hidden = !s.run;
    this.empty.hidden = !!s.run;
    if (s.run) {
      setText(this.task, s.run.task);
      this.task.title = s.run.task;
      const bits = [s.run.strategy, s.run.model, `step ${s.run.steps}`, `${fmtCount(s.modelCalls)} model calls`, `${fmtCount(s.toolCallsSeen)} tool calls`];
      setText(this.meta, bits.filter(Boolean).join(' · '));
    }
    if (prev && prev.spent === s.spent && prev.limits === s.limits) return;
    const gauges = gaugesOf(s.spent, s.limits);
    const limited = gauges.filter((g) => g.limit !== null);
    const seen = new Set<string>();
    for (const g of limited) {
      seen.add(g.key);
      this.renderGauge(g);
    }
    for (const [key, row] of this.rows) {
      if (!seen.has(key)) {
        row.row.remove();
        this.rows.delete(key);
      }
    }
    // keep DOM order = gauge order
    limited.forEach((g, i) => {
      const row = this.rows.get(g.key)!.row;
      if (this.gaugesEl.children[i] !== row) this.gaugesEl.insertBefore(row, this.gaugesEl.children[i] ?? null);
    });
    const free = gauges.filter((g) => g.limit === null && (g.used > 0 || g.key === 'usd' || g.key === 'tokens'));
    setText(this.unlimited, free.length && s.run ? `No limit: ${free.map((g) => `${g.label.toLowerCase()} ${fmtUnit(g.used, g.unit)}`).join(' · ')}` : '');
    this.unlimited.hidden = !free.length || !s.run;
    this.gaugesEl.hidden = limited.length === 0;
  }

  private renderGauge(g: Gauge): void {
    let row = this.rows.get(g.key);
    if (!row) {
      const label = h('span', { class: 'g-label', id: `g-${g.key}-label`, text: g.label });
      const value = h('span', { class: 'g-value' });
      const fill = h('div', { class: 'g-fill' });
      const bar = h('div', { class: 'g-bar', role: 'progressbar', 'aria-labelledby': `g-${g.key}-label`, 'aria-valuemin': 0, 'aria-valuemax': 100 }, fill);
      row = { row: h('div', { class: 'gauge', 'data-key': g.key }, h('div', { class: 'g-top' }, label, value), bar), value, bar, fill };
      this.rows.set(g.key, row);
    }
    const limit = g.limit ?? 0;
    const pct = Math.round(g.fraction * 1000) / 10;
    setText(row.value, `${fmtUnit(g.used, g.unit)} / ${fmtUnit(limit, g.unit)}`);
    row.value.title = `${fmtExact(g.used, g.unit)} of ${fmtExact(limit, g.unit)} (${pct}%)`;
    row.bar.setAttribute('aria-valuenow', String(pct));
    row.bar.setAttribute('aria-valuetext', `${fmtExact(g.used, g.unit)} of ${fmtExact(limit, g.unit)}, ${pct} percent, tier ${g.tier}`);
    row.fill.style.width = `${Math.max(g.fraction > 0 ? 1.5 : 0, g.fraction * 100)}%`;
    row.fill.className = `g-fill tier-bg-${g.tier}`;
  }
}
