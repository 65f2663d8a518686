// @budget in the Chat view: runs the agent on the request's prompt through the
// same RunController and RunFactory as *Run Task…* (one run at a time, the
// workspace budget, events to the panel and status bar), streams the steps as
// progress, the answer as Markdown, and ends with what the run spent. The
// chat's cancel button stops the run (its best answer so far still comes back).
import * as vscode from 'vscode';
import type { RunSummary } from '../../core/agent/types';
import type { RunFactory } from '../agentBridge';
import { AGENT_MISSING } from '../commands';
import type { ConfigReader } from '../config';
import type { RunController } from '../runController';
import { progressFor, spendLine, taskFrom } from './render';

export const PARTICIPANT_ID = 'budgetAgent.budget';

export interface ChatDeps {
  runs: RunController;
  config: ConfigReader;
  /** The factory *Run Task…* uses (undefined: runs are unavailable). */
  runFactory(): RunFactory | undefined;
  log: vscode.LogOutputChannel;
  /** After a run (the ledger changed): refreshes the status bar. */
  onRunEnded?(): void;
}

export interface ChatRegistration extends vscode.Disposable {
  participant: vscode.ChatParticipant;
}

/** Registers @budget where the host has the chat API; undefined (and a log line) where it does not. */
export function registerChatParticipant(extensionUri: vscode.Uri, deps: ChatDeps): ChatRegistration | undefined {
  const chat = (vscode as { chat?: typeof vscode.chat }).chat;
  if (typeof chat?.createChatParticipant !== 'function') {
    deps.log.info('chat API not available in this host: @budget is not registered');
    return undefined;
  }
  try {
    const participant = chat.createChatParticipant(PARTICIPANT_ID, chatHandler(deps));
    participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'budget-agent.svg');
    return { participant, dispose: () => participant.dispose() };
  } catch (err) {
    deps.log.warn(`could not register the @budget chat participant: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export function chatHandler(deps: ChatDeps): vscode.ChatRequestHandler {
  return async (request, _context, stream, token) => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    const files = request.references.flatMap((r) => {
      const uri = r.value instanceof vscode.Uri ? r.value : r.value instanceof vscode.Location ? r.value.uri : undefined;
      return uri && root && uri.scheme === root.scheme && uri.path.startsWith(`${root.path}/`) ? [uri.path.slice(root.path.length + 1)] : [];
    });
    const task = taskFrom(request.prompt, files);
    if (!task) {
      stream.markdown('Tell me a task, for example `@budget where is the retry delay computed?` I run it within this workspace\'s budget (Budget Agent settings) and report what it spent.');
      return {};
    }
    const factory = deps.runFactory();
    if (!factory) return fail(AGENT_MISSING);
    if (deps.runs.running) return fail('A Budget Agent run is already in progress. Stop it (Budget Agent: Stop Run) and ask again.');
    if (token.isCancellationRequested) return {};

    // The controller reports a failed start with a notification and no
    // summary; this wrapper keeps the reason for the chat as well.
    let failure: unknown;
    const watched: RunFactory = {
      prepare: (settings, env) =>
        factory.prepare(settings, env).catch((err: unknown) => {
          failure = err;
          throw err;
        }),
      runAgent: (options) => factory.runAgent(options),
    };
    const events = deps.runs.onEvent((e) => {
      const line = progressFor(e);
      if (line) stream.progress(line);
    });
    let summary: RunSummary | undefined;
    // run() claims the controller synchronously, so the run stop() reaches is this one.
    const pending = deps.runs.run(task, deps.config.read().settings, watched);
    const cancel = token.onCancellationRequested(() => deps.runs.stop());
    try {
      summary = await pending;
    } finally {
      cancel.dispose();
      events.dispose();
      deps.onRunEnded?.();
    }
    if (!summary) return fail(`The run did not start: ${failure instanceof Error ? failure.message : failure !== undefined ? String(failure) : 'see the Budget Agent output for why'}`);
    // Model output as Markdown that is not trusted: no command links, no HTML.
    const answer = new vscode.MarkdownString(summary.answer ?? '_No answer: the run ended before the agent had one._');
    answer.isTrusted = false;
    answer.supportHtml = false;
    stream.markdown(answer);
    // Escaped: "$0.01 … $0.25" must not become inline math.
    stream.markdown(`\n\n---\n\n${escapeMarkdown(spendLine(summary))}`);
    return {
      metadata: { runId: summary.runId, stoppedBy: summary.stoppedBy, spent: summary.spent },
      ...(summary.stoppedBy === 'error' ? { errorDetails: { message: summary.error ?? 'The run stopped with an error.' } } : {}),
    };
  };
}

/** Chat shows errorDetails as an error box under the request. */
function fail(message: string): vscode.ChatResult {
  return { errorDetails: { message } };
}

const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|$<>~]/g, '\\$&');
