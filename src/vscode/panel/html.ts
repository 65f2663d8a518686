// The side panel's HTML shell: a strict CSP with a per-load nonce, one script
// and two stylesheets from the extension's own dist/ and media/ folders. No
// vscode import: unit-testable in Node.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri(...) of dist/webview.js, media/panel.css, dist/codicons/codicon.css */
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function panelHtml(i: PanelHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(i.cspSource, i.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(i.codiconsUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(i.styleUri)}">
<title>Budget Agent</title>
</head>
<body>
<div id="app" data-testid="budget-agent-panel" aria-busy="true"><p class="boot">Loading Budget Agent…</p></div>
<script nonce="${attr(i.nonce)}" src="${attr(i.scriptUri)}"></script>
</body>
</html>`;
}
