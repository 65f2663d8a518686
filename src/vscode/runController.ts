// One run at a time: starts it under withProgress (cancellable), fans its
// events out to the panel/status bar/log, and stops it on request.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { EventStream } from '../core/events/emitter';
import type { AgentEvent } from '../core/events/types';
import type { RunSummary } from '../core/agent/types';
import type { RunFactory } from './agentBridge';
import type { Settings } from './settings';

export class RunController implements vscode.Disposable {
  private current: AbortController | undefined;
  private readonly events = new vscode.EventEmitter<AgentEvent>();
  /** Every event of every run, in order. */
  readonly onEvent = this.events.event;
  private readonly failures = new vscode.EventEmitter<string>();
  /** A run could not start or crashed (the message the notification shows). */
  readonly onDidFail = this.failures.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly apiKey: () => Thenable<string | undefined>,
  ) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Aborts the current run (its strategy returns its best answer so far). */
  stop(): boolean {
    if (!this.current) return false;
    this.log.info('stop requested');
    this.current.abort();
    return true;
  }

  async run(task: string, settings: Settings, factory: RunFactory): Promise<RunSummary | undefined> {
    if (this.current) {
      void vscode.window.showWarningMessage('Budget Agent: a run is already in progress. Stop it first.');
      return undefined;
    }
    const abort = new AbortController();
    this.current = abort;
    await vscode.commands.executeCommand('setContext', 'budgetAgent.running', true);
    const runId = randomUUID();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Budget Agent', cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          const stream = new EventStream();
          // One notification per tier and run, and none for a climb back (a released hold).
          const notified = new Set<string>();
          stream.on((e) => {
            this.events.fire(e);
            this.logEvent(e);
            if (e.type === 'tier_changed' && (e.to === 'LOW' || e.to === 'CRITICAL') && !notified.has(e.to) && !notified.has('CRITICAL')) {
              notified.add(e.to);
              void vscode.window.showWarningMessage(`Budget Agent: budget ${e.to}: ${Math.round(e.fractionRemaining * 100)}% of the ${resourceName(e.resource)} left.`);
            }
            if (e.type === 'spend') progress.report({ message: `spent $${e.spent.usd.toFixed(4)}, ${e.spent.inputTokens + e.spent.outputTokens} tokens, ${e.spent.toolCalls} tool calls (${e.tier})` });
          });
          progress.report({ message: `running: ${task.slice(0, 60)}` });
          const folder = vscode.workspace.workspaceFolders?.[0];
          const prepared = await factory.prepare(settings, {
            runId,
            workspaceRoot: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
            trusted: vscode.workspace.isTrusted,
            apiKey: await this.apiKey(),
            events: stream,
          });
          try {
            const summary = await factory.runAgent({ ...prepared, runId, task, events: stream, signal: abort.signal });
            this.log.info(`run ${runId} finished: ${summary.stoppedBy}${summary.error ? ` (${summary.error})` : ''}, ${summary.steps} steps, $${summary.spent.usd.toFixed(4)}`);
            return summary;
          } finally {
            await prepared.provider?.dispose?.();
          }
        },
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`run ${runId} failed: ${message}`);
      void vscode.window.showErrorMessage(`Budget Agent: the run failed: ${message}`);
      this.failures.fire(message);
      return undefined;
    } finally {
      this.current = undefined;
      await vscode.commands.executeCommand('setContext', 'budgetAgent.running', false);
    }
  }

  private logEvent(e: AgentEvent): void {
    // Requests and charges at debug level: counts, ids and prices only; never
    // message contents, tool arguments, URLs or keys.
    if (e.type === 'run_started') this.log.debug(`run_started run=${e.runId} ${e.provider}/${e.model} strategy=${e.strategy} limits=${JSON.stringify(e.limits)}`);
    else if (e.type === 'model_call')
      this.log.debug(
        `model_call run=${e.runId} step=${e.step} purpose=${e.purpose} model=${e.model}${e.requestId ? ` request=${e.requestId}` : ''} in=${e.inputTokens} cached=${e.cachedInputTokens} out=${e.outputTokens} reasoning=${e.reasoningTokens} usd=${e.usd} maxOut=${e.maxOutputTokens}${e.estimated ? ' estimated' : ''} ${e.latencyMs}ms ${e.finishReason}`,
      );
    else if (e.type === 'tool_call') this.log.debug(`tool_call run=${e.runId} step=${e.step} ${e.name} ok=${e.ok} bytes=${e.resultBytes}${e.truncated ? ' truncated' : ''} ${e.durationMs}ms`);
    else if (e.type === 'spend') this.log.trace(`spend run=${e.runId} usd=${e.spent.usd} tokens=${e.spent.inputTokens + e.spent.outputTokens} tools=${e.spent.toolCalls} tier=${e.tier}`);
    else if (e.type === 'budget_refused') this.log.info(`budget refused ${e.what}: ${e.stoppedBy} ${e.detail}`);
    else if (e.type === 'tier_changed') this.log.info(`tier ${e.from} -> ${e.to} (${e.resource})`);
    else if (e.type === 'log') this.log[e.level](e.message);
  }

  dispose(): void {
    this.current?.abort();
    this.events.dispose();
    this.failures.dispose();
  }
}

/** A budget resource id as a person reads it: toolCalls → tool calls, usd → money. */
export function resourceName(resource: string): string {
  if (/^usd$/i.test(resource)) return 'money';
  if (/^seconds$/i.test(resource)) return 'time';
  return resource.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
