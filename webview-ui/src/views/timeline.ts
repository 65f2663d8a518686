// Timeline of steps, newest first: model calls, tool calls, verifier
// decisions, pivots, tier changes, refusals. Rendered incrementally by entry id.
import type { PanelState, TimelineEntry } from '../../../src/core/protocol';
import { h, icon, setText } from '../dom';
import { fmtBytes, fmtCount, fmtMs, fmtTime, fmtUsd } from '../format';

export class TimelineView {
  readonly el: HTMLElement;
  private readonly list = h('ol', { class: 'timeline', id: 'timeline-list', 'aria-label': 'Steps, newest first' });
  private readonly count = h('span', { class: 'count', id: 'timeline-count' });
  private readonly empty = h('p', { class: 'empty', text: 'Model calls, tool calls and verifier decisions appear here.' });
  private readonly dropped = h('li', { class: 'tl-dropped' });
  private readonly nodes = new Map<number, HTMLElement>();
  private last: TimelineEntry[] | null = null;

  constructor() {
    this.el = h(
      'section',
      { class: 'card', id: 'timeline', 'aria-labelledby': 'timeline-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'timeline-title' }, icon('list-ordered'), ' Timeline'), this.count),
      this.empty,
      this.list,
    );
  }

  render(s: PanelState): void {
    if (this.last === s.timeline) return;
    this.last = s.timeline;
    const keep = new Set(s.timeline.map((e) => e.id));
    for (const [id, node] of this.nodes) {
      if (!keep.has(id)) {
        node.remove();
        this.nodes.delete(id);
      }
    }
    // newest first: walk oldest → newest, prepend the new ones
    for (const e of s.timeline) {
      if (this.nodes.has(e.id)) continue;
      const node = row(e);
      this.nodes.set(e.id, node);
      this.list.prepend(node);
    }
    if (s.timelineDropped > 0) {
      setText(this.dropped, `${fmtCount(s.timelineDropped)} earlier entries not shown`);
      if (this.dropped.parentNode !== this.list || this.list.lastChild !== this.dropped) this.list.append(this.dropped);
    } else this.dropped.remove();
    this.empty.hidden = s.timeline.length > 0;
    setText(this.count, s.timeline.length ? `${fmtCount(s.timeline.length + s.timelineDropped)}` : '');
  }
}

function row(e: TimelineEntry): HTMLElement {
  const time = h('time', { class: 'tl-time', text: fmtTime(e.ts) });
  switch (e.kind) {
    case 'model': {
      const tokens = `${fmtCount(e.inputTokens)} in${e.cachedInputTokens ? ` (${fmtCount(e.cachedInputTokens)} cached)` : ''} · ${fmtCount(e.outputTokens)} out${e.reasoningTokens ? ` (${fmtCount(e.reasoningTokens)} thinking)` : ''}`;
      return item('model', 'hubot', `#${e.step} ${e.purpose}`, `${fmtUsd(e.usd)} · ${fmtMs(e.latencyMs)}`, `${tokens}${e.estimated ? ' · estimated' : ''} · ${e.finishReason}`, time, e.model);
    }
    case 'tool':
      return item(
        e.ok ? 'tool' : 'tool error',
        e.ok ? 'tools' : 'error',
        `#${e.step} ${e.name}`,
        e.ok ? `${fmtBytes(e.resultBytes)}${e.truncated ? ' (truncated)' : ''} · ${fmtMs(e.durationMs)}` : `failed · ${fmtMs(e.durationMs)}`,
        e.ok ? e.args : `${e.args}${e.error ? ` — ${e.error}` : ''}`,
        time,
      );
    case 'verifier':
      return item(`verifier v-${e.decision}`, e.decision === 'SUCCESS' ? 'pass' : e.decision === 'PIVOT' ? 'debug-step-back' : 'arrow-down', `Verifier: ${e.decision}`, '', e.justification, time);
    case 'pivot':
      return item('pivot', 'debug-restart', 'Pivot: new line of attack', '', e.summary, time);
    case 'tier':
      return item(`tierchg tier-text-${e.to}`, 'dashboard', `Tier ${e.from} → ${e.to}`, '', `tightest: ${e.resource.replace(/_/g, ' ')}`, time);
    case 'refused':
      return item('refused', 'circle-slash', `Refused ${e.what.replace('_', ' ')}`, e.stoppedBy, e.detail, time);
    case 'log':
      return item(`log-${e.level}`, e.level === 'error' ? 'error' : 'warning', e.level === 'error' ? 'Error' : 'Warning', '', e.message, time);
  }
}

function item(kind: string, iconName: string, title: string, right: string, detail: string, time: HTMLElement, tooltip?: string): HTMLElement {
  return h(
    'li',
    { class: `tl-item ${kind}` },
    h('div', { class: 'tl-top' }, icon(iconName), h('span', { class: 'tl-title', text: title, title: tooltip }), h('span', { class: 'tl-right', text: right }), time),
    detail ? h('div', { class: 'tl-detail', text: detail, title: detail.length > 80 ? detail.slice(0, 1_000) : undefined }) : null,
  );
}
