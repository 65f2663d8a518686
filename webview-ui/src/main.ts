// Side panel front end entry: builds the DOM, validates every message from the
// extension, queues AgentEvent batches and folds them once per animation frame.
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import type { AgentEvent } from '../../src/core/events/types';
import type { PanelState, ToWebview } from '../../src/core/protocol';
import { PROTOCOL_VERSION, foldEvents, initialPanelState, panelStateSchema, parseToWebview } from '../../src/core/protocol';
import { Announcer } from './announce';
import { h, icon } from './dom';
import { loadUiState, saveUiState, send } from './vscode';
import type { UiState } from './vscode';
import { AnswerView } from './views/answer';
import { BudgetsView } from './views/budgets';
import { ControlsView } from './views/controls';
import { HistoryView } from './views/history';
import { LiveView } from './views/live';
import { PlanView } from './views/plan';
import { SpendChartView } from './views/spendChart';
import { TimelineView } from './views/timeline';

const ui: UiState = loadUiState();
let state: PanelState = initialPanelState();
if (ui.panel && panelStateSchema.safeParse(ui.panel).success) state = ui.panel;
let pending: AgentEvent[] = [];
let frameQueued = false;
let lastSaved = 0;
let historyRequested = false;

const announcer = new Announcer();
const controls = new ControlsView(
  {
    run: (task, strategy, model) => send({ type: 'runTask', task, strategy, model }),
    stop: () => send({ type: 'stop' }),
    change: (c) => {
      Object.assign(ui, c);
      persist(true);
    },
    selectModel: (model) => send({ type: 'selectModel', model }),
    selectStrategy: (strategy) => send({ type: 'selectStrategy', strategy }),
  },
  ui,
);
const live = new LiveView();
const chart = new SpendChartView();
const plan = new PlanView();
const answer = new AnswerView();
const timeline = new TimelineView();
const history = new HistoryView(() => send({ type: 'requestHistory' }));
const budgets = new BudgetsView(
  (key, value) => send({ type: 'setBudget', key, value }),
  (drafts) => {
    ui.budgetDrafts = drafts;
    persist(true);
  },
  ui.budgetDrafts,
);

// vscode-tabs assigns its own ids to headers and panels: address them by data-tab / data-panel.
const tabs = h(
  'vscode-tabs',
  { id: 'tabs', 'selected-index': ui.tab },
  h('vscode-tab-header', { slot: 'header', 'data-tab': 'run' }, icon('play-circle'), ' Run'),
  h('vscode-tab-panel', { 'data-panel': 'run' }, controls.el, live.el, answer.el, plan.el, chart.el, timeline.el),
  h('vscode-tab-header', { slot: 'header', 'data-tab': 'history' }, icon('history'), ' History'),
  h('vscode-tab-panel', { 'data-panel': 'history' }, history.el),
  h('vscode-tab-header', { slot: 'header', 'data-tab': 'budgets' }, icon('settings-gear'), ' Budgets'),
  h('vscode-tab-panel', { 'data-panel': 'budgets' }, budgets.el),
) as VscodeTabs;
tabs.addEventListener('vsc-tabs-select', (e: Event) => {
  const index = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  ui.tab = index;
  persist(true);
  if (index === 1 && !historyRequested) {
    historyRequested = true;
    send({ type: 'requestHistory' });
  }
});

const app = document.getElementById('app')!;
app.replaceChildren(h('h1', { class: 'sr-only', text: 'Budget Agent spend panel' }), announcer.banner, tabs, announcer.polite);
app.removeAttribute('aria-busy');

function render(): void {
  live.render(state);
  controls.render(state);
  answer.render(state);
  plan.render(state);
  chart.render(state);
  timeline.render(state);
}

function persist(force = false): void {
  const now = Date.now();
  if (!force && now - lastSaved < 1_000 && state.status === 'running') return;
  lastSaved = now;
  ui.panel = state;
  saveUiState(ui);
}

function frame(): void {
  frameQueued = false;
  if (pending.length === 0) return;
  const batch = pending;
  pending = [];
  const prev = state;
  state = foldEvents(state, batch);
  announcer.diff(prev, state);
  render();
  persist(prev.status !== state.status);
  if (prev.status === 'running' && state.status === 'finished' && historyRequested) send({ type: 'requestHistory' });
}

function queueFrame(): void {
  if (frameQueued) return;
  frameQueued = true;
  requestAnimationFrame(frame);
  // rAF does not fire while the view is not painted: fold anyway, less often.
  window.setTimeout(() => {
    if (frameQueued) frame();
  }, 250);
}

function handle(message: ToWebview): void {
  switch (message.type) {
    case 'snapshot': {
      const prev = state;
      // the snapshot already contains every event sent before it
      pending = [];
      state = message.state;
      announcer.diff(prev, state);
      render();
      persist(true);
      return;
    }
    case 'events':
      for (const e of message.events) pending.push(e);
      queueFrame();
      return;
    case 'config':
      // A configuration problem is re-sent after each config it concerns: a fresh config clears the old one.
      announcer.clear('config');
      controls.setConfig(message.config, ui);
      budgets.setConfig(message.config);
      return;
    case 'history':
      historyRequested = true;
      history.render(message.history);
      return;
    case 'budgetResult':
      budgets.result(message.key, message.ok, message.error);
      if (!message.ok) announcer.say(`Budget not saved: ${message.error ?? 'error'}`);
      return;
    case 'error':
      announcer.error(message.message, message.context);
      if (message.context === 'run') controls.reset();
      return;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const parsed = parseToWebview(e.data);
  if (!parsed.ok) {
    console.warn(`[budget-agent panel] ignored message: ${parsed.reason}`);
    return;
  }
  handle(parsed.message);
});

render();
if (ui.tab === 1) {
  historyRequested = true;
  send({ type: 'requestHistory' });
}
send({ type: 'ready', protocol: PROTOCOL_VERSION });
