// The BATS plan checklist: [ ] open, [x] done, [!] failed, [~] partial, with
// the spend attributed to each item.
import type { PanelState } from '../../../src/core/protocol';
import type { PlanItem, PlanStatus } from '../../../src/core/events/types';
import { h, icon } from '../dom';
import { fmtCount, fmtUsd } from '../format';

const MARK: Record<PlanStatus, string> = { open: '[ ]', done: '[x]', failed: '[!]', partial: '[~]' };
const ICON: Record<PlanStatus, string> = { open: 'circle-large-outline', done: 'pass-filled', failed: 'error', partial: 'circle-large-filled' };
const SPOKEN: Record<PlanStatus, string> = { open: 'open', done: 'done', failed: 'failed', partial: 'partially done' };

export class PlanView {
  readonly el: HTMLElement;
  private readonly list = h('ul', { class: 'plan', id: 'plan-list' });
  private readonly summary = h('span', { class: 'count', id: 'plan-summary' });
  private last: PlanItem[] | null = null;

  constructor() {
    this.el = h(
      'section',
      { class: 'card', id: 'plan', 'aria-labelledby': 'plan-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'plan-title' }, icon('checklist'), ' Plan'), this.summary),
      this.list,
    );
    this.el.hidden = true;
  }

  render(s: PanelState): void {
    if (this.last === s.plan) return;
    this.last = s.plan;
    this.el.hidden = s.plan.length === 0;
    this.list.replaceChildren(...s.plan.map((p) => node(p)));
    const flat = flatten(s.plan);
    const done = flat.filter((p) => p.status === 'done').length;
    this.summary.textContent = flat.length ? `${done}/${flat.length} done` : '';
  }
}

function flatten(items: PlanItem[]): PlanItem[] {
  return items.flatMap((p) => [p, ...flatten(p.children ?? [])]);
}

function node(p: PlanItem): HTMLElement {
  const spent = p.spent.tokens || p.spent.toolCalls || p.spent.usd ? `${fmtCount(p.spent.tokens)} tok · ${p.spent.toolCalls} tools · ${fmtUsd(p.spent.usd)}` : '';
  return h(
    'li',
    { class: `plan-item st-${p.status}`, 'aria-label': `${SPOKEN[p.status]}: ${p.text}` },
    h(
      'div',
      { class: 'plan-row' },
      icon(ICON[p.status]),
      h('code', { class: 'plan-mark', 'aria-hidden': 'true', text: MARK[p.status] }),
      h('span', { class: 'plan-text', text: p.text }),
      spent ? h('span', { class: 'plan-spent', text: spent }) : null,
    ),
    p.children?.length ? h('ul', { class: 'plan' }, ...p.children.map((c) => node(c))) : null,
  );
}
