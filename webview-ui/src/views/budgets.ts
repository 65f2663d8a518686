// Budget editor: this workspace's budgets, validated as typed (same rules as
// the extension applies before writing ConfigurationTarget.Workspace).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { BudgetKey, PanelConfig } from '../../../src/core/protocol';
import { BUDGET_FIELDS, validateBudgetValue } from '../../../src/core/protocol';
import { h, icon, setText } from '../dom';
import { fmtExact } from '../format';

interface FieldUi {
  input: VscodeTextfield;
  error: HTMLElement;
  current: HTMLElement;
}

export class BudgetsView {
  readonly el: HTMLElement;
  private readonly fields = new Map<BudgetKey, FieldUi>();
  private readonly save = h('vscode-button', { id: 'budget-save', icon: 'save' }, 'Save budgets') as VscodeButton;
  private readonly revert = h('vscode-button', { id: 'budget-revert', secondary: true }, 'Revert') as VscodeButton;
  private readonly status = h('p', { class: 'form-status', id: 'budget-status', role: 'status' });
  private readonly readOnly = h('p', { class: 'notice', id: 'budget-readonly' });
  private config: PanelConfig | null = null;
  private inFlight = new Set<BudgetKey>();

  constructor(
    private readonly onSave: (key: BudgetKey, value: number | null) => void,
    private readonly onDraft: (drafts: Record<string, string>) => void,
    drafts: Record<string, string>,
  ) {
    const form = h('form', { class: 'budget-form', id: 'budget-form', novalidate: true });
    for (const f of BUDGET_FIELDS) {
      const id = `budget-${f.key}`;
      const input = h('vscode-textfield', { id, name: f.key, placeholder: 'No limit', inputmode: f.integer ? 'numeric' : 'decimal', 'aria-describedby': `${id}-help ${id}-error` }) as VscodeTextfield;
      if (drafts[f.key] !== undefined) input.value = drafts[f.key]!;
      const label = h('vscode-label', { text: f.label });
      (label as HTMLElement & { htmlFor: string }).htmlFor = id;
      const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert' });
      error.hidden = true;
      const current = h('span', { class: 'current' });
      form.append(h('div', { class: 'field' }, h('div', { class: 'field-top' }, label, current), input, h('p', { class: 'help', id: `${id}-help`, text: `${f.help} Empty = no limit.` }), error));
      this.fields.set(f.key, { input, error, current });
      input.addEventListener('input', () => {
        this.check(f.key);
        this.onDraft(this.drafts());
      });
      input.addEventListener('keydown', (e: KeyboardEvent) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          this.submit();
        }
      });
    }
    this.save.addEventListener('click', () => this.submit());
    this.revert.addEventListener('click', () => {
      for (const [key, ui] of this.fields) ui.input.value = this.savedText(key);
      for (const key of this.fields.keys()) this.check(key);
      this.onDraft({});
      setText(this.status, 'Reverted to the saved values.');
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.readOnly.hidden = true;
    this.el = h(
      'section',
      { class: 'tab-body', id: 'budgets', 'aria-labelledby': 'budgets-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'budgets-title' }, icon('settings-gear'), ' Workspace budgets')),
      h('p', { class: 'help', text: 'Saved to this workspace’s settings (.vscode/settings.json). Caps are hard: a run never spends past them.' }),
      this.readOnly,
      form,
      h('div', { class: 'buttons' }, this.save, this.revert),
      this.status,
    );
  }

  private savedText(key: BudgetKey): string {
    const v = this.config?.budgets[key];
    return v === undefined || v === null ? '' : String(v);
  }

  private drafts(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, ui] of this.fields) if (ui.input.value !== this.savedText(key)) out[key] = ui.input.value;
    return out;
  }

  private check(key: BudgetKey): ReturnType<typeof validateBudgetValue> {
    const ui = this.fields.get(key)!;
    const r = validateBudgetValue(key, ui.input.value);
    ui.input.invalid = !r.ok;
    ui.error.hidden = r.ok;
    setText(ui.error, r.ok ? '' : r.error);
    return r;
  }

  private submit(): void {
    if (this.config?.budgetsReadOnly) return;
    let bad = 0;
    let changed = 0;
    let firstBad: VscodeTextfield | null = null;
    for (const f of BUDGET_FIELDS) {
      const r = this.check(f.key);
      if (!r.ok) {
        bad++;
        firstBad ??= this.fields.get(f.key)!.input;
        continue;
      }
      const saved = this.config?.budgets[f.key] ?? null;
      if (r.value !== saved) {
        changed++;
        this.inFlight.add(f.key);
        this.onSave(f.key, r.value);
      }
    }
    if (bad) {
      setText(this.status, `${bad} field${bad > 1 ? 's need' : ' needs'} fixing before saving.`);
      firstBad?.focus();
    } else setText(this.status, changed ? `Saving ${changed} change${changed > 1 ? 's' : ''}…` : 'Nothing changed.');
  }

  /** Answer to one setBudget. */
  result(key: BudgetKey, ok: boolean, error?: string): void {
    this.inFlight.delete(key);
    const ui = this.fields.get(key);
    if (!ui) return;
    if (!ok) {
      ui.input.invalid = true;
      ui.error.hidden = false;
      setText(ui.error, error ?? 'Could not save.');
      setText(this.status, 'Some budgets were not saved.');
    } else if (this.inFlight.size === 0 && !this.status.textContent?.startsWith('Some')) {
      setText(this.status, 'Budgets saved to workspace settings.');
    }
  }

  setConfig(config: PanelConfig): void {
    const prevDrafts = this.config ? this.drafts() : null;
    this.config = config;
    for (const f of BUDGET_FIELDS) {
      const ui = this.fields.get(f.key)!;
      const v = config.budgets[f.key];
      setText(ui.current, v === undefined || v === null ? 'no limit' : `now ${fmtExact(v, f.unit)}`);
      // keep what the person is typing; otherwise show the saved value
      if (prevDrafts === null ? ui.input.value === '' : prevDrafts[f.key] === undefined) ui.input.value = this.savedText(f.key);
      ui.input.disabled = !!config.budgetsReadOnly;
    }
    this.readOnly.hidden = !config.budgetsReadOnly;
    setText(this.readOnly, config.budgetsReadOnly ? (config.readOnlyReason ?? 'Budgets cannot be changed here.') : '');
    this.save.disabled = !!config.budgetsReadOnly;
  }
}
