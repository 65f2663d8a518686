// OpenTelemetry export of VS Code runs: off until budgetAgent.telemetry.otlpEndpoint
// is set; headers from SecretStorage. One exporter serves every run while its
// configuration stays the same; each run's EventStream is attached before it
// starts and flushed when it finishes, so a run's spans and metrics leave the
// machine at its end, not up to a minute later.
import * as vscode from 'vscode';
import type { Disposable, EventStream } from '../../core/events/emitter';
import { createOtelExporter, type OtelExporter } from '../../core/telemetry/lazy';
import { describeOtelOptions, type OtelExporterOptions } from '../../core/telemetry/options';
import { readScopedSetting } from '../tools/scopedSettings';
import { telemetryOptionsFrom, validateHeaderList } from './options';

export const TELEMETRY_HEADERS_SECRET = 'budgetAgent.telemetry.headers';

interface Live {
  key: string;
  exporter: OtelExporter;
  /** Runs attached and not finished yet. */
  active: number;
  /** Replaced by a newer configuration: shut down once its last run finishes. */
  retired: boolean;
}

export class RunTelemetry implements vscode.Disposable {
  private live: Live | undefined;
  private readonly warned = new Set<string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    private readonly serviceVersion?: string,
  ) {}

  /** The exporter options the settings describe now (undefined: export is off). */
  async options(trusted: boolean = vscode.workspace.isTrusted): Promise<OtelExporterOptions | undefined> {
    const { options, problems } = telemetryOptionsFrom(
      {
        otlpEndpoint: readScopedSetting('telemetry.otlpEndpoint', trusted),
        includeContent: readScopedSetting('telemetry.includeContent', trusted),
        resourceAttributes: readScopedSetting('telemetry.resourceAttributes', trusted),
      },
      await this.secrets.get(TELEMETRY_HEADERS_SECRET),
      this.serviceVersion,
    );
    for (const p of problems) this.warnOnce(p);
    return options;
  }

  /**
   * Exports the run seen on `events` (attach before the run starts). Never
   * throws: a broken configuration is reported and the run goes on unexported.
   */
  async attach(events: EventStream, trusted: boolean = vscode.workspace.isTrusted): Promise<void> {
    let live: Live | undefined;
    try {
      const options = await this.options(trusted);
      if (!options) return this.retire();
      live = this.exporterFor(options);
    } catch (err) {
      this.warnOnce(`telemetry export is off for this run: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const target = live;
    target.active++;
    const sub: Disposable = target.exporter.attach(events);
    // Registered after the exporter's own listener: the run span has ended
    // when this runs, so the flush sends it.
    const end = events.on((e) => {
      if (e.type !== 'run_finished') return;
      end.dispose();
      sub.dispose();
      target.active--;
      void target.exporter.flush().then(() => {
        if (target.retired && target.active === 0) return target.exporter.shutdown();
      });
    });
  }

  /** Stores the `key=value,…` header list (empty removes it). Values are never logged. */
  async storeHeaders(text: string): Promise<void> {
    const problem = validateHeaderList(text);
    if (problem) throw new Error(problem);
    if (text.trim()) await this.secrets.store(TELEMETRY_HEADERS_SECRET, text.trim());
    else await this.secrets.delete(TELEMETRY_HEADERS_SECRET);
  }

  /** `budgetAgent.setTelemetryHeaders`: a password input box. */
  async promptAndStoreHeaders(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Budget Agent: Telemetry Headers',
      prompt: 'Headers sent with every OTLP export, as key=value,key2=value2 (e.g. x-api-key=…). Stored in VS Code Secret Storage. Leave empty to remove them.',
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'authorization=Bearer …,x-tenant=…',
      validateInput: validateHeaderList,
    });
    if (value === undefined) return;
    await this.storeHeaders(value);
    this.log.info(value.trim() ? 'telemetry headers stored (values hidden)' : 'telemetry headers removed');
    void vscode.window.showInformationMessage(`Budget Agent: telemetry headers ${value.trim() ? 'stored' : 'removed'}.`);
  }

  private exporterFor(options: OtelExporterOptions): Live {
    // The key holds header values: it stays in memory and is never logged.
    const key = JSON.stringify(options);
    if (this.live?.key === key) return this.live;
    this.retire();
    const exporter = createOtelExporter({ ...options, onError: (message) => this.log.warn(`telemetry: ${message}`) });
    this.log.info(`telemetry export on: ${describeOtelOptions(options)}`);
    this.live = { key, exporter, active: 0, retired: false };
    return this.live;
  }

  private retire(): void {
    const old = this.live;
    if (!old) return;
    this.live = undefined;
    old.retired = true;
    if (old.active === 0) void old.exporter.shutdown();
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log.warn(message);
    void vscode.window.showWarningMessage(`Budget Agent: ${message}`);
  }

  /** Sends what is pending and releases the SDK (deactivation). */
  async shutdown(): Promise<void> {
    const old = this.live;
    this.live = undefined;
    await old?.exporter.shutdown();
  }

  dispose(): void {
    void this.shutdown();
  }
}
