// Converts our provider-neutral chat messages to VS Code's LanguageModel types.
// vscode.lm has no system role: system text goes first as a user message.
import * as vscode from 'vscode';
import type { ChatMessage, ToolSpec } from '../../core/models/types';

export function toLmMessages(messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'system':
      case 'user':
        out.push(vscode.LanguageModelChatMessage.User(m.content));
        break;
      case 'assistant': {
        const parts: Array<vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart> = [];
        if (m.content) parts.push(new vscode.LanguageModelTextPart(m.content));
        for (const call of m.toolCalls ?? []) parts.push(new vscode.LanguageModelToolCallPart(call.id, call.name, parseObject(call.argumentsJson)));
        out.push(vscode.LanguageModelChatMessage.Assistant(parts.length ? parts : ''));
        break;
      }
      case 'tool':
        out.push(vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(m.toolCallId ?? '', [new vscode.LanguageModelTextPart(m.content)])]));
        break;
    }
  }
  return out;
}

export function toLmTools(tools: ToolSpec[] | undefined): vscode.LanguageModelChatTool[] | undefined {
  return tools?.length ? tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters })) : undefined;
}

/** Tool-call input must be an object for the API; invalid JSON is kept visible as a string field. */
function parseObject(json: string): object {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' ? value : { value };
  } catch {
    return { invalidArguments: json };
  }
}
