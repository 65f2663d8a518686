// The OpenAI-compatible API key lives in VS Code's SecretStorage (the OS
// keychain on desktop), never in settings or logs.
import * as vscode from 'vscode';

const KEY = 'budgetAgent.openai.apiKey';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(KEY);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === KEY) listener();
    });
  }

  /** `budgetAgent.setApiKey`: password input box; an empty value removes the key. */
  async promptAndStore(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Budget Agent: API Key',
      prompt: 'API key of the OpenAI-compatible endpoint (stored in VS Code Secret Storage). Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'sk-…',
      validateInput: (v) => (/\s/.test(v.trim()) ? 'An API key has no spaces.' : undefined),
    });
    if (value === undefined) return;
    const key = value.trim();
    if (key) {
      await this.secrets.store(KEY, key);
      void vscode.window.showInformationMessage('Budget Agent: API key stored.');
    } else {
      await this.secrets.delete(KEY);
      void vscode.window.showInformationMessage('Budget Agent: API key removed.');
    }
  }
}
