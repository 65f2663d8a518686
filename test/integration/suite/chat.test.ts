// @budget in the real extension host: registered where the chat API exists
// (skipped cleanly where it does not), and its handler runs the agent through
// the production run factory against the fake OpenAI server, streaming
// progress, the answer and a spend line; the request's cancellation stops it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, setWorkspaceSettings, waitFor } from './helpers';
import { startFakeOpenAI, streamReply, type FakeOpenAIServer } from '../../helpers/fake-openai-server';
import type { BudgetAgentApi } from '../../../src/extension';

const hasChatApi = () => typeof (vscode as { chat?: typeof vscode.chat }).chat?.createChatParticipant === 'function';

/** A ChatResponseStream that records what the participant says. */
function recordingStream(): { stream: vscode.ChatResponseStream; progress: string[]; markdown: string[] } {
  const progress: string[] = [];
  const markdown: string[] = [];
  const ignore = () => undefined;
  const stream = {
    markdown: (v: string | vscode.MarkdownString) => void markdown.push(typeof v === 'string' ? v : v.value),
    progress: (v: string) => void progress.push(v),
    anchor: ignore,
    button: ignore,
    filetree: ignore,
    reference: ignore,
    push: ignore,
  } as unknown as vscode.ChatResponseStream;
  return { stream, progress, markdown };
}

function chatRequest(prompt: string): vscode.ChatRequest {
  return { prompt, command: undefined, references: [], toolReferences: [], toolInvocationToken: undefined, model: undefined } as unknown as vscode.ChatRequest;
}

describe('@budget chat participant', () => {
  let api: BudgetAgentApi;
  let server: FakeOpenAIServer | undefined;
  let restore: (() => Promise<void>) | undefined;

  before(async function () {
    if (!hasChatApi()) return this.skip();
    ({ api } = await activateExtension());
  });

  afterEach(async () => {
    await restore?.();
    restore = undefined;
    await server?.close();
    server = undefined;
  });

  it('is registered as budgetAgent.budget', () => {
    assert.ok(api.chat, 'registered where vscode.chat exists');
    assert.equal(api.chat.participant.id, 'budgetAgent.budget');
  });

  it('streams progress, the answer and what the run spent', async () => {
    server = await startFakeOpenAI(() => streamReply({ text: ['The retry delay ', 'doubles up to **30 seconds**.'] }));
    restore = await setWorkspaceSettings({ provider: 'openai', 'openai.baseUrl': server.baseUrl, model: 'gpt-4o-mini', strategy: 'react', 'budget.maxToolCalls': 0 });
    const { stream, progress, markdown } = recordingStream();
    const result = await api.chat!.participant.requestHandler(chatRequest('How does the retry delay grow?'), { history: [] }, stream, new vscode.CancellationTokenSource().token);
    assert.ok(result && 'metadata' in result, JSON.stringify(result));
    assert.equal((result.metadata as { stoppedBy: string }).stoppedBy, 'answer');
    assert.ok(server.chatRequests.length >= 1, 'the run reached the model');
    assert.ok(progress.some((p) => /^Running \(react, openai\/gpt-4o-mini\)/.test(p)), progress.join('\n'));
    assert.ok(progress.some((p) => /model call \(act\) — \d+ in \/ \d+ out tokens, \$\d/.test(p)), progress.join('\n'));
    assert.equal(markdown[0], 'The retry delay doubles up to **30 seconds**.');
    assert.match(markdown.at(-1) ?? '', /Spent \\\$0\\\.\d{4} of \\\$0\\\.2500, [\d,]+ of 12,345 tokens/);
    assert.match(markdown.at(-1) ?? '', /finished\\\.$/);
    assert.equal(api.runs.running, false);
  });

  it('the request\'s cancellation stops the run, which still reports its spend', async () => {
    server = await startFakeOpenAI(() => ({ type: 'hang' }));
    restore = await setWorkspaceSettings({ provider: 'openai', 'openai.baseUrl': server.baseUrl, model: 'gpt-4o-mini', strategy: 'react', 'budget.maxToolCalls': 0 });
    const { stream, markdown } = recordingStream();
    const cts = new vscode.CancellationTokenSource();
    const pending = Promise.resolve(api.chat!.participant.requestHandler(chatRequest('Wait for me'), { history: [] }, stream, cts.token));
    await waitFor('the model request', () => server!.chatRequests.length > 0);
    cts.cancel();
    const result = await pending;
    assert.equal((result as vscode.ChatResult).metadata?.stoppedBy, 'cancelled');
    assert.match(markdown.at(-1) ?? '', /cancelled\\\.$/);
    assert.equal(api.runs.running, false);
  });

  it('an empty prompt gets a hint, not a run; a second request while a run is going is refused', async () => {
    const { stream, markdown } = recordingStream();
    await api.chat!.participant.requestHandler(chatRequest('   '), { history: [] }, stream, new vscode.CancellationTokenSource().token);
    assert.match(markdown[0] ?? '', /Tell me a task/);

    server = await startFakeOpenAI(() => ({ type: 'hang' }));
    restore = await setWorkspaceSettings({ provider: 'openai', 'openai.baseUrl': server.baseUrl, model: 'gpt-4o-mini', strategy: 'react', 'budget.maxToolCalls': 0 });
    const first = recordingStream();
    const cts = new vscode.CancellationTokenSource();
    const pending = Promise.resolve(api.chat!.participant.requestHandler(chatRequest('first'), { history: [] }, first.stream, cts.token));
    await waitFor('the first run', () => server!.chatRequests.length > 0);
    const second = await api.chat!.participant.requestHandler(chatRequest('second'), { history: [] }, recordingStream().stream, new vscode.CancellationTokenSource().token);
    assert.match((second as vscode.ChatResult).errorDetails?.message ?? '', /already in progress/);
    cts.cancel();
    await pending;
  });
});
