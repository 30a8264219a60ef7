import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeNonce, resultsPanelHtml } from '../../../../src/extension/panels/resultsPanelHtml';

describe('the results panel page', () => {
  const page = resultsPanelHtml({ cspSource: 'https://webview.test', nonce: 'N0NCE', scriptUri: 'https://webview.test/dist/webview.js', styleUri: 'https://webview.test/media/results.css' });

  it('allows only its own stylesheet and the script with this load\'s nonce', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1];
    assert.equal(csp, "default-src 'none'; style-src https://webview.test; script-src 'nonce-N0NCE'; img-src https://webview.test; font-src https://webview.test");
    assert.match(page, /<script nonce="N0NCE" src="https:\/\/webview.test\/dist\/webview.js"><\/script>/);
    assert.doesNotMatch(page, /<style|style="|unsafe-inline|unsafe-eval/);
  });

  it('gets a new unguessable nonce every time', () => {
    const nonces = new Set(Array.from({ length: 50 }, makeNonce));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
  });
});
