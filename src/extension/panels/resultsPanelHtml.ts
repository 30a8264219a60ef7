/**
 * The results panel's page. Its Content-Security-Policy allows nothing but the extension's own
 * stylesheet and the one script carrying this load's nonce: no inline script or style, no
 * other origin, no fetch. Pure, so the browser tests load exactly this page.
 */
import { randomBytes } from 'node:crypto';

export interface PanelPageParts {
  /** `webview.cspSource`: the origin the webview serves the extension's files from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** 128 random bits, new for every page load. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function contentSecurityPolicy({ cspSource, nonce }: Pick<PanelPageParts, 'cspSource' | 'nonce'>): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource}`, `font-src ${cspSource}`].join('; ');
}

export function resultsPanelHtml(parts: PanelPageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(parts)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${parts.styleUri}">
<title>Distillery results</title>
</head>
<body>
<div id="app" class="app"></div>
<script nonce="${parts.nonce}" src="${parts.scriptUri}"></script>
</body>
</html>
`;
}
