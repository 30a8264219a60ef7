// The results panel's page in headless chromium, with recorded results: what it renders, how
// it sorts, filters and is driven from the keyboard, that 10,000 rows stay virtualized, and
// that text from a model or a file never runs as code (see panelHarness.mjs for the set-up).
// Run: npm run test:browser (after `node esbuild.mjs`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { serializeRow } from '../../src/core/jsonl/index.ts';
import { recordedLines, startHarness, waitForFirstRows } from './panelHarness.mjs';

let harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness?.close();
});

/** Opens the page on `lines` and waits until its first rows are painted. */
async function openPanel(options) {
  const panel = await harness.open(options);
  await waitForFirstRows(panel.page);
  return panel;
}

const rowTexts = (page) => page.locator('.row .row-line').allTextContents();

/** Waits until the rows shown, top to bottom, are `expected` (rendering happens on the next frame). */
async function expectRows(page, expected) {
  try {
    await page.waitForFunction((lines) => JSON.stringify([...document.querySelectorAll('.row .row-line')].map((line) => line.textContent)) === JSON.stringify(lines), expected, { timeout: 5000 });
  } catch {
    assert.deepEqual(await rowTexts(page), expected);
  }
}

describe('the results panel page', () => {
  it('shows each evolution beside the one before, with the words it added, its answer and its score', async () => {
    const panel = await openPanel({ lines: recordedLines('deita.jsonl') });
    try {
      const { page } = panel;
      const first = page.locator('.row').filter({ hasText: 'line 1' });
      assert.deepEqual(await first.locator('.version-label').allTextContents(), ['original', 'evolution 1', 'evolution 2']);
      assert.deepEqual(await first.locator('.version').nth(1).locator('ins').allTextContents(), [', and how it resolves collisions between keys']);
      assert.deepEqual(await first.locator('.version').nth(2).locator('del').allTextContents(), ['and ']);
      assert.deepEqual(await first.locator('.score-chip').allTextContents(), ['1', '2', '3']);
      assert.match((await first.locator('.answer').nth(2).textContent()) ?? '', /load factor passes a threshold/);
      const failed = page.locator('.row').filter({ hasText: 'line 6' });
      await failed.scrollIntoViewIfNeeded();
      // A file records the reason, not the kind of failure.
      assert.equal(await failed.locator('.status-badge').textContent(), 'failed');
      assert.match((await failed.locator('.row-error').textContent()) ?? '', /evolution 2 \(CONCRETIZING\) came back empty/);
      assert.deepEqual(panel.pageErrors, []);
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });

  it('opens the exact request behind a cell: its messages, raw output, tokens and latency', async () => {
    const panel = await openPanel({ lines: recordedLines('deita.jsonl') });
    try {
      const { page } = panel;
      await page.locator('.row').filter({ hasText: 'line 2' }).locator('.version').nth(2).locator('.cell-text').first().click();
      const drawer = page.locator('.drawer');
      await drawer.locator('.call[open]').first().waitFor();
      assert.equal(await drawer.locator('.drawer-title').textContent(), 'instruction · evolution 2');
      const cellCalls = drawer.locator('.call[open]');
      assert.equal(await cellCalls.count(), 1);
      assert.match((await cellCalls.locator('.call-label').textContent()) ?? '', /^evolution 2 \(/);
      assert.match((await cellCalls.locator('.message-content').first().textContent()) ?? '', /#Given Prompt#:\nWrite a haiku about autumn rain that mentions a specific city\./);
      assert.match((await cellCalls.locator('.output .message-content').textContent()) ?? '', /ends with a question/);
      assert.match((await cellCalls.locator('.call-facts').textContent()) ?? '', /EvolComplexity · llama3\.1 · \d+ in \/ \d+ out tokens · 1 ms/);
      assert.deepEqual(await drawer.locator('.step-title').allTextContents(), ['EvolComplexity (evol_complexity_0)', 'ComplexityScorer (complexity_scorer_0)']);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
    } finally {
      await panel.close();
    }
  });

  it('sorts the score table by any score, filters by range, and by clicking a histogram bar', async () => {
    const panel = await openPanel({ lines: recordedLines('ultrafeedback.jsonl') });
    try {
      const { page } = panel;
      assert.equal(await page.getByRole('tab', { name: 'Scores' }).getAttribute('aria-selected'), 'true');
      // ratings[2] by line: 2, 4, 3, 1, 1. Highest first, then lowest first; ties keep line order.
      await page.getByRole('button', { name: /^Sort by ratings\[2\]/ }).click();
      await expectRows(page, ['line 2', 'line 3', 'line 1', 'line 4', 'line 5']);
      await page.getByRole('button', { name: /^Sort by ratings\[2\], now highest first/ }).click();
      await expectRows(page, ['line 4', 'line 5', 'line 1', 'line 3', 'line 2']);

      // ratings[3] by line: 4, 1, 4, 5, 5.
      await page.getByLabel('ratings[3]: lowest score shown').fill('4');
      await page.getByLabel('ratings[3]: lowest score shown').press('Enter');
      await expectRows(page, ['line 4', 'line 5', 'line 1', 'line 3']);

      // ratings[1] by line: 5, 5, 5, 4, 5: the bar for 4 keeps line 4 only.
      await page.getByRole('button', { name: /^ratings\[1\] 4: 1 row/ }).click();
      await expectRows(page, ['line 4']);
    } finally {
      await panel.close();
    }
  });

  it('is driven from the keyboard: move, accept, reject, details', async () => {
    const panel = await openPanel({ lines: recordedLines('ultrafeedback.jsonl') });
    try {
      const { page } = panel;
      await page.locator('.rows').focus();
      for (const key of ['ArrowDown', 'a', 'r', 'ArrowUp']) await page.keyboard.press(key);
      await panel.waitForMessage('decide', 2);
      const decisions = panel.received.filter((message) => message.type === 'decide');
      assert.deepEqual(decisions.map(({ keys, decision }) => [keys, decision]), [
        [[panel.keys[0]], 'accepted'],
        [[panel.keys[1]], 'rejected'],
      ]);
      assert.deepEqual(Object.fromEntries(panel.model.decisions), { [panel.keys[0]]: 'accepted', [panel.keys[1]]: 'rejected' });
      // The page draws on the next frame.
      await page.waitForFunction(() => document.querySelector('.row.focused .row-line')?.textContent === 'line 2');
      assert.equal(await page.locator('.rows').getAttribute('aria-activedescendant'), `row-${panel.keys[1]}`);
      assert.match((await page.locator('.counts').textContent()) ?? '', /1 accepted · 1 rejected · 3 undecided/);
      await page.keyboard.press('Enter');
      await page.locator('.drawer .step-title').waitFor();
      assert.equal(await page.locator('.drawer .step-title').textContent(), 'UltraFeedback (ultra_feedback_0)');
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => document.querySelector('.drawer-title')?.textContent === 'line 3');
    } finally {
      await panel.close();
    }
  });

  it('fills as rows stream in and shows the run\'s progress', async () => {
    const panel = await openPanel({ lines: recordedLines('ultrafeedback.jsonl').slice(0, 1) });
    try {
      const { page, model } = panel;
      await panel.post({ type: 'runStatus', run: { task: 'UltraFeedback', state: 'running', rowsDone: 1, totalRows: 3 } });
      const more = recordedLines('ultrafeedback.jsonl').slice(1, 3);
      const added = more.map((text, index) => model.addFileRow(index + 2, text, JSON.parse(text)));
      await panel.post({ type: 'rowsUpserted', rows: added.map((row) => model.toPanelRow(row, false)), columns: model.columns() });
      await panel.post({ type: 'runStatus', run: { task: 'UltraFeedback', state: 'finished', rowsDone: 3, totalRows: 3 } });
      await page.waitForFunction(() => document.querySelectorAll('.row').length === 3);
      await page.waitForFunction(() => document.querySelector('.run-text')?.textContent === 'UltraFeedback: 3 of 3 rows, finished');
    } finally {
      await panel.close();
    }
  });

  it('keeps 10,000 rows virtualized: a few dozen in the DOM, the last one reachable', async () => {
    const template = JSON.parse(recordedLines('deita.jsonl')[0]);
    const lines = Array.from({ length: 10_000 }, (_, index) => serializeRow({ ...template, id: index + 1, instruction: `${template.instruction} (${index + 1})` }));
    const panel = await openPanel({ lines });
    try {
      const { page } = panel;
      const mounted = await page.locator('.row').count();
      assert.ok(mounted > 0 && mounted < 60, `${mounted} rows in the DOM`);
      // The page draws the first chunk, then asks for the others once it has drawn it.
      await page.waitForFunction(() => document.querySelector('.counts')?.textContent?.startsWith('10000 rows ·'), undefined, { timeout: 60_000 });
      assert.ok(panel.received.some((message) => message.type === 'moreRows'));
      await page.locator('.rows').focus();
      await page.keyboard.press('End');
      await page.waitForFunction(() => document.querySelector('.row.focused .row-line')?.textContent === 'line 10000');
      assert.ok((await page.locator('.row').count()) < 60);
      // Only the first screen came with its texts: the last rows' were asked for when reached.
      const askedBodies = panel.received.filter((message) => message.type === 'requestBodies').flatMap((message) => message.keys);
      assert.ok(askedBodies.includes(panel.keys.at(-1)), 'the last row\'s body was asked for');
      assert.ok(!askedBodies.includes(panel.keys[0]), 'the first row came with init');
    } finally {
      await panel.close();
    }
  });

  it('in a narrow split (576 px) every version and score column is reachable, the toolbar takes two lines, details go below', async () => {
    const viewport = { width: 576, height: 760 };
    const evolutions = await openPanel({ lines: recordedLines('deita.jsonl'), viewport });
    try {
      const { page } = evolutions;
      const layout = await page.evaluate(() => {
        const rows = document.querySelector('.rows').getBoundingClientRect();
        const versions = [...document.querySelector('.row').querySelectorAll('.version')].map((version) => version.getBoundingClientRect());
        return { count: versions.length, outside: versions.filter((box) => box.left < rows.left || box.right > rows.right).length, toolbar: document.querySelector('.toolbar').getBoundingClientRect().height };
      });
      assert.deepEqual([layout.count, layout.outside], [3, 0], 'the three versions wrap inside the panel');
      assert.ok(layout.toolbar < 80, `the toolbar is ${layout.toolbar} px tall`);
      await page.locator('.row .cell-text').first().click();
      await page.locator('.drawer .drawer-title').waitFor();
      const drawer = await page.evaluate(() => ({ drawer: document.querySelector('.drawer').getBoundingClientRect().top, rows: document.querySelector('.rows-frame').getBoundingClientRect().bottom }));
      assert.ok(drawer.drawer >= drawer.rows, `the details (top ${drawer.drawer}) sit below the rows (bottom ${drawer.rows})`);
    } finally {
      await evolutions.close();
    }
    const scores = await openPanel({ lines: recordedLines('ultrafeedback.jsonl'), viewport });
    try {
      const { page } = scores;
      const reach = await page.evaluate(() => {
        const rows = document.querySelector('.rows');
        rows.scrollLeft = rows.scrollWidth;
        const frame = rows.getBoundingClientRect();
        const headers = [...document.querySelectorAll('.table-header .header-cell')].map((cell) => cell.getBoundingClientRect());
        const accept = document.querySelector('.row .button.accept').getBoundingClientRect();
        return { scrolled: rows.scrollLeft > 0, lastRight: headers.at(-1).right, frameRight: frame.right, accept: accept.right <= frame.right && accept.left >= frame.left };
      });
      assert.equal(reach.scrolled, true, 'the score table scrolls sideways');
      assert.ok(reach.lastRight <= reach.frameRight + 1, `the last score column ends at ${reach.lastRight}, within ${reach.frameRight}`);
      assert.equal(reach.accept, true, 'a row\'s buttons stay in view while the table scrolls');
    } finally {
      await scores.close();
    }
  });

  it('ignores a message that does not follow the protocol, and says so', async () => {
    const panel = await openPanel({ lines: recordedLines('ultrafeedback.jsonl') });
    try {
      await panel.page.evaluate(() => window.postMessage({ type: 'rowsUpserted', rows: [{ key: '' }] }, '*'));
      await panel.page.locator('.notice.error').waitFor();
      assert.match((await panel.page.locator('.notice').textContent()) ?? '', /ignored a message it cannot read/);
      assert.equal(await panel.page.locator('.row').count(), 5);
    } finally {
      await panel.close();
    }
  });

  it('follows the theme: high contrast draws borders in the contrast colour', async () => {
    const panel = await openPanel({ lines: recordedLines('deita.jsonl'), theme: 'highContrast' });
    try {
      const colours = await panel.page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        version: getComputedStyle(document.querySelector('.version')).borderTopColor,
      }));
      assert.deepEqual(colours, { body: 'rgb(0, 0, 0)', version: 'rgb(111, 195, 223)' });
    } finally {
      await panel.close();
    }
  });
});

describe('text from models and files is shown, never run', () => {
  const PAYLOADS = [
    `<script>window.__pwned = 'script'; alert('script')</script>`,
    `<img src=x onerror="window.__pwned = 'img'; alert('img')">`,
    `<a href="javascript:window.__pwned = 'link'; alert('link')">click me</a>`,
    `</style><script>window.__pwned = 'style'</script><style>`,
    `"><svg onload="window.__pwned = 'svg'"></svg><iframe src="javascript:alert('frame')"></iframe>`,
  ];
  const hostile = (payload, index) =>
    serializeRow({
      id: index + 1,
      instruction: payload,
      evolved_instructions: [`${payload} evolved`, `${payload} evolved twice`],
      answers: [payload, `${payload}!`],
      scores: [1, 2],
      [`column ${payload}`]: payload,
      distilabel_metadata: {
        raw_input_evol_instruct_0: [{ role: 'user', content: payload }],
        raw_output_evol_instruct_0: payload,
        statistics_evol_instruct_0: { input_tokens: 1, output_tokens: 1, requests: 1, latency_ms: 1 },
        error_evol_instruct_0: payload,
      },
    });

  it('renders every payload as the exact text, runs none, loads nothing, in every view and the details', async () => {
    const panel = await openPanel({ lines: PAYLOADS.map(hostile) });
    try {
      const { page } = panel;
      for (const view of ['Evolutions', 'Scores', 'Table']) {
        await page.getByRole('tab', { name: view }).click();
        // The toolbar and the rows are drawn in the same frame: once the tab shows, so do the rows.
        await page.waitForFunction((name) => document.querySelector('.tab.active')?.textContent === name, view);
        for (const [index, payload] of PAYLOADS.entries()) {
          const row = page.locator('.row').nth(index);
          const texts = await row.locator('.cell-text').allTextContents();
          assert.ok(texts.includes(payload), `${view}: row ${index + 1} shows its payload as text: ${JSON.stringify(texts)}`);
        }
      }
      // Clicking the would-be link opens details, and the details show the payloads as text too.
      await page.locator('.row').nth(2).locator('.cell-text').first().click();
      await page.locator('.drawer .step-title').waitFor();
      assert.ok((await page.locator('.drawer pre').allTextContents()).includes(PAYLOADS[2]));
      assert.equal(await page.locator('.drawer .step .error-text').textContent(), PAYLOADS[2]);

      const outcome = await page.evaluate(() => ({
        pwned: window.__pwned ?? null,
        elements: document.querySelectorAll('.app img, .app script, .app a, .app iframe, .app svg, .app style').length,
        url: location.pathname,
      }));
      assert.deepEqual(outcome, { pwned: null, elements: 0, url: '/panel.html' });
      assert.deepEqual(panel.dialogs, []);
      assert.deepEqual(panel.pageErrors, []);
      assert.deepEqual(panel.requests.map((url) => new URL(url).pathname).sort(), ['/dist/webview.js', '/media/results.css', '/panel.html']);
    } finally {
      await panel.close();
    }
  });

  it('shows bidirectional controls and invisible characters as labels, never applies them, in every view and the details', async () => {
    const spoof = 'photo_\u202Egnp.exe\u200B sent';
    const panel = await openPanel({ lines: [hostile(spoof, 0)] });
    try {
      const { page } = panel;
      for (const view of ['Evolutions', 'Scores', 'Table']) {
        await page.getByRole('tab', { name: view }).click();
        await page.waitForFunction((name) => document.querySelector('.tab.active')?.textContent === name, view);
        const texts = await page.locator('.row .cell-text').allTextContents();
        assert.ok(texts.includes('photo_U+202Egnp.exeU+200B sent'), `${view}: ${JSON.stringify(texts)}`);
      }
      await page.locator('.row .cell-text').first().click();
      await page.locator('.drawer .step-title').waitFor();
      assert.ok((await page.locator('.drawer pre').allTextContents()).includes('photo_U+202Egnp.exeU+200B sent'));
      const shown = await page.evaluate(() => {
        const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
        let applied = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) if (/[\u202E\u200B]/.test(node.textContent ?? '')) applied += 1;
        const mark = document.querySelector('.hidden-char');
        return { applied, title: mark?.getAttribute('title'), text: mark?.textContent };
      });
      assert.deepEqual(shown, { applied: 0, title: 'U+202E right-to-left override: shown here, not applied', text: 'U+202E' });
    } finally {
      await panel.close();
    }
  });

  it('the page\'s CSP refuses inline script: even injected markup could not run', async () => {
    const panel = await openPanel({ lines: PAYLOADS.map(hostile).slice(0, 1) });
    try {
      const ran = await panel.page.evaluate(async () => {
        const probe = document.createElement('script');
        probe.textContent = 'window.__cspProbe = true';
        document.body.append(probe);
        const image = document.createElement('img');
        image.setAttribute('onerror', 'window.__cspProbe = true');
        image.src = 'data:,x';
        document.body.append(image);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return window.__cspProbe ?? false;
      });
      assert.equal(ran, false);
    } finally {
      await panel.close();
    }
  });
});
