// Renders the results panel's real page (the HTML the extension serves, with its CSP, the built
// dist/webview.js and media/results.css) in headless chromium, outside VS Code: a local HTTP
// server plays the webview's resource origin, an init script plays the webview API
// (acquireVsCodeApi) and the theme VS Code injects, and a host written with the extension's own
// modules (ResultsModel, rowDetailsOf) answers the page's messages. Both directions are checked
// against the protocol's schemas. Used by the browser tests, the screenshots and the benchmark.
// Run under tsx (it imports the TypeScript sources): node --import tsx <script>.
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, launchChromium, repoRoot } from '../host/codeServerHost.mjs';
import { hostMessageSchema, webviewMessageSchema } from '../../src/protocol/resultsPanel.ts';
import { ResultRowsReader, TextLines } from '../../src/extension/panels/resultRows.ts';
import { makeNonce, resultsPanelHtml } from '../../src/extension/panels/resultsPanelHtml.ts';
import { rowDetailsOf } from '../../src/extension/panels/rowDetails.ts';
import { RowPager } from '../../src/extension/panels/rowPager.ts';
import { FIRST_ROWS_MARK } from '../../src/webview/performanceMarks.ts';
import { THEMES } from './themes.mjs';

/** Set by the harness one frame after the page's own first-rows mark: the rows are painted by then. */
export const ROWS_PAINTED_MARK = 'distillery-rows-painted';

/** The lines of a recorded results file (test/fixtures/results/<name>). */
export function recordedLines(name) {
  return readFileSync(join(repoRoot, 'test', 'fixtures', 'results', name), 'utf8').split('\n').filter((line) => line !== '');
}

function serveAssets() {
  const assets = {
    '/dist/webview.js': { path: join(repoRoot, 'dist', 'webview.js'), type: 'text/javascript' },
    '/media/results.css': { path: join(repoRoot, 'media', 'results.css'), type: 'text/css' },
  };
  if (!existsSync(assets['/dist/webview.js'].path)) throw new Error('dist/webview.js is missing; run: node esbuild.mjs');
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/panel.html') {
      const origin = `http://127.0.0.1:${server.address().port}`;
      const nonce = makeNonce();
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(resultsPanelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/results.css` }));
      return;
    }
    const asset = assets[url.pathname];
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end(); // chromium asks for it; a webview never does
      return;
    }
    if (!asset) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
    response.end(readFileSync(asset.path));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs in the page before its own script: the webview API, the theme, and the paint mark. */
function pageSetup({ variables, bodyClass, firstRowsMark, paintedMark }) {
  let saved = null;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => {
      if (message.type === 'ready') performance.mark('distillery-ready');
      void window.__distilleryToHost(message);
    },
    getState: () => saved,
    setState: (state) => {
      saved = state;
    },
  });
  const applyTheme = () => {
    for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
    document.body.classList.add(bodyClass);
  };
  if (document.body) applyTheme();
  else document.addEventListener('DOMContentLoaded', applyTheme, { once: true });
  // The frame after the one that rendered the first rows: they have been painted by then.
  new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => entry.name === firstRowsMark)) requestAnimationFrame(() => performance.mark(paintedMark));
  }).observe({ type: 'mark' });
}

export async function startHarness() {
  if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath}; run: bash scripts/install-test-host.sh`);
  const tmp = mkdtempSync(join(tmpdir(), 'distillery-browser-'));
  const browser = await launchChromium(tmp);
  const server = await serveAssets();
  const origin = `http://127.0.0.1:${server.address().port}`;

  /**
   * Opens the panel page on `lines` (JSONL lines; those holding task outputs become rows, as
   * Show Results for This File reads them). Returns the page and the host's side of the wire.
   */
  async function open({ lines, label = 'results.jsonl', theme = 'dark', viewport = { width: 1400, height: 900 }, decisions = {} }) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const reader = new ResultRowsReader(new TextLines(lines));
    await reader.readUntilFound();
    const { model } = reader;
    const keys = model.rows().map((row) => row.key);
    model.restoreDecisions(Object.fromEntries(Object.entries(decisions).map(([index, decision]) => [keys[Number(index)], decision])));

    const panel = {
      page,
      model,
      keys,
      /** Every message the page sent, in order. */
      received: [],
      /** Every URL the page asked for. */
      requests: [],
      dialogs: [],
      pageErrors: [],
      consoleErrors: [],
      /** Sends a message to the page as VS Code delivers one: a `message` event on its window. */
      async post(message) {
        // Sent as JSON text: playwright's own argument encoding is slow for megabytes of rows,
        // and the transport is not what is being measured.
        const json = JSON.stringify(hostMessageSchema.parse(message));
        await page.evaluate((text) => {
          const data = JSON.parse(text);
          // When the host posted its first message: the benchmark counts the page's time from here.
          if (data.type === 'init') performance.mark('distillery-host-init');
          window.postMessage(data, '*');
        }, json);
      },
      async waitForMessage(type, count = 1) {
        const started = Date.now();
        while (panel.received.filter((message) => message.type === type).length < count) {
          if (Date.now() - started > 10_000) throw new Error(`the page sent no ${type} message`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return panel.received.filter((message) => message.type === type)[count - 1];
      },
      close: () => context.close(),
    };

    const pager = new RowPager(model);
    const answer = async (message) => {
      if (message.type === 'ready') {
        await panel.post(pager.init({ uri: `file:///workspace/${label}`, label }, null));
      } else if (message.type === 'moreRows') {
        const chunk = pager.next();
        if (chunk) await panel.post(chunk);
      } else if (message.type === 'requestBodies') {
        await panel.post({ type: 'rowBodies', bodies: model.bodies(message.keys) });
      } else if (message.type === 'requestDetails') {
        const row = model.row(message.key);
        if (row) await panel.post({ type: 'details', key: message.key, details: rowDetailsOf(row.value) });
      } else if (message.type === 'decide') {
        model.decide(message.keys, message.decision);
      }
    };
    await page.exposeFunction('__distilleryToHost', (raw) => {
      const message = webviewMessageSchema.parse(raw);
      panel.received.push(message);
      answer(message).catch((error) => panel.pageErrors.push(`host: ${error.message}`));
    });
    const { variables, bodyClass } = THEMES[theme];
    await page.addInitScript(pageSetup, { variables, bodyClass, firstRowsMark: FIRST_ROWS_MARK, paintedMark: ROWS_PAINTED_MARK });
    page.on('request', (request) => panel.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      panel.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => panel.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') panel.consoleErrors.push(message.text());
    });
    await page.goto(`${origin}/panel.html`);
    return panel;
  }

  return {
    origin,
    open,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Resolves once the first rows have been painted; returns the page's performance marks (ms since navigation). */
export async function waitForFirstRows(page) {
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, ROWS_PAINTED_MARK, { polling: 5 });
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])));
}
