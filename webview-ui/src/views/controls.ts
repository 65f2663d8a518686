// Controls: the task box, strategy and model pickers, Run and Stop.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { PanelConfig, PanelState } from '../../../src/core/protocol';
import { h } from '../dom';

const FALLBACK_STRATEGIES = ['auto', 'react', 'tracker', 'bats', 'plan-and-budget'];
const STRATEGY_HELP: Record<string, string> = {
  auto: 'Auto — route by difficulty',
  react: 'ReAct — baseline loop',
  tracker: 'ReAct + Budget Tracker',
  bats: 'BATS — plan, verify, pivot',
  'plan-and-budget': 'Plan-and-Budget — split the question',
};

export interface ControlsEvents {
  run(task: string, strategy: string, model: string | null): void;
  stop(): void;
  change(ui: { task: string; strategy: string | null; model: string | null }): void;
  selectModel(model: string): void;
  selectStrategy(strategy: string): void;
}

export class ControlsView {
  readonly el: HTMLElement;
  private readonly task = h('vscode-textarea', { id: 'task-input', rows: 3, placeholder: 'What should the agent do? (Ctrl+Enter runs)', resize: 'vertical' }) as VscodeTextarea;
  private readonly strategy = h('vscode-single-select', { id: 'strategy-select' }) as VscodeSingleSelect;
  private readonly model = h('vscode-single-select', { id: 'model-select' }) as VscodeSingleSelect;
  private readonly runBtn = h('vscode-button', { id: 'run-button', icon: 'play' }, 'Run') as VscodeButton;
  private readonly stopBtn = h('vscode-button', { id: 'stop-button', icon: 'debug-stop', secondary: true, disabled: true }, 'Stop') as VscodeButton;
  private readonly hint = h('p', { class: 'field-error', id: 'task-error', role: 'alert' });
  private running = false;
  private configKey = '';

  constructor(
    private readonly on: ControlsEvents,
    initial: { task: string; strategy: string | null; model: string | null },
  ) {
    const lbl = (forId: string, text: string) => {
      const l = h('vscode-label', { text });
      (l as HTMLElement & { htmlFor: string }).htmlFor = forId;
      return l;
    };
    this.el = h(
      'section',
      { class: 'card', id: 'controls', 'aria-labelledby': 'controls-title' },
      h('h2', { id: 'controls-title', class: 'sr-only' }, 'Run a task'),
      lbl('task-input', 'Task'),
      this.task,
      this.hint,
      h('div', { class: 'pickers' }, h('div', { class: 'picker' }, lbl('strategy-select', 'Strategy'), this.strategy), h('div', { class: 'picker' }, lbl('model-select', 'Model'), this.model)),
      h('div', { class: 'buttons' }, this.runBtn, this.stopBtn),
    );
    this.hint.hidden = true;
    this.task.value = initial.task;
    this.fillStrategies(FALLBACK_STRATEGIES, initial.strategy ?? 'auto');
    this.fillModels([], initial.model);
    this.task.addEventListener('input', () => {
      this.hint.hidden = true;
      this.task.invalid = false;
      this.emitChange();
    });
    this.task.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.submit();
      }
    });
    this.strategy.addEventListener('change', () => {
      this.emitChange();
      if (this.strategy.value) this.on.selectStrategy(this.strategy.value);
    });
    this.model.addEventListener('change', () => {
      this.emitChange();
      if (this.model.value) this.on.selectModel(this.model.value);
    });
    this.runBtn.addEventListener('click', () => this.submit());
    this.stopBtn.addEventListener('click', () => {
      if (!this.running) return;
      this.stopBtn.disabled = true;
      this.on.stop();
    });
  }

  private emitChange(): void {
    this.on.change({ task: this.task.value, strategy: this.strategy.value || null, model: this.model.value || null });
  }

  private submit(): void {
    if (this.running) return;
    const task = this.task.value.trim();
    if (!task) {
      this.hint.textContent = 'Describe the task first.';
      this.hint.hidden = false;
      this.task.invalid = true;
      this.task.focus();
      return;
    }
    this.on.run(task, this.strategy.value || 'auto', this.model.value || null);
  }

  private fillStrategies(list: readonly string[], selected: string | null): void {
    this.strategy.replaceChildren(...list.map((s) => h('vscode-option', { value: s, description: STRATEGY_HELP[s] ?? '' }, STRATEGY_HELP[s] ?? s)));
    const value = selected && list.includes(selected) ? selected : (list[0] ?? '');
    queueMicrotask(() => (this.strategy.value = value));
  }

  private fillModels(models: PanelConfig['models'], selected: string | null): void {
    const opts = [h('vscode-option', { value: '' }, 'Default (from settings)'), ...models.map((m) => h('vscode-option', { value: m.id, description: m.detail ?? m.provider }, m.label))];
    this.model.replaceChildren(...opts);
    const value = selected && models.some((m) => m.id === selected) ? selected : '';
    queueMicrotask(() => (this.model.value = value));
  }

  setConfig(config: PanelConfig, ui: { strategy: string | null; model: string | null }): void {
    const key = JSON.stringify([config.strategies, config.models, config.selectedModel, config.selectedStrategy]);
    if (key === this.configKey) return;
    this.configKey = key;
    const strategies = config.strategies.length ? config.strategies : FALLBACK_STRATEGIES;
    this.fillStrategies(strategies, ui.strategy ?? config.selectedStrategy);
    this.fillModels(config.models, ui.model ?? config.selectedModel);
  }

  render(s: PanelState): void {
    const running = s.status === 'running';
    if (running === this.running) return;
    this.running = running;
    this.runBtn.disabled = running;
    this.stopBtn.disabled = !running;
    this.runBtn.setAttribute('aria-label', running ? 'Run (a run is in progress)' : 'Run');
  }

  /** The extension refused the run: allow another try. */
  reset(): void {
    this.running = false;
    this.runBtn.disabled = false;
    this.stopBtn.disabled = true;
  }
}

