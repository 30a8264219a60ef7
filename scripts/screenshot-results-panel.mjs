// Takes the README's screenshots of the results panel: its real page (built dist/webview.js,
// media/results.css, the extension's HTML and CSP) rendered in headless chromium with recorded
// results (test/fixtures/results) and VS Code's Dark Modern and Light Modern theme colours:
//   docs/images/results-evolutions-{dark,light}.png   DEITA rows: evolutions side by side, scored
//   docs/images/results-scores-{dark,light}.png       UltraFeedback ratings: the score table
//   docs/images/results-details-dark.png              the requests behind a cell
//   docs/images/results-narrow-{dark,light}.png       VS Code's default split beside an editor (576 px):
//                                                     the evolutions wrapped, the details below
// Prerequisites: `node esbuild.mjs` and chromium (bash scripts/install-test-host.sh).
// Usage: node --import tsx scripts/screenshot-results-panel.mjs [output folder, default docs/images]
import { join, resolve } from 'node:path';
import { repoRoot } from '../test/host/codeServerHost.mjs';
import { recordedLines, startHarness, waitForFirstRows } from '../test/browser/panelHarness.mjs';

const outDir = resolve(process.argv[2] ?? join(repoRoot, 'docs', 'images'));
const viewport = { width: 1280, height: 760 };

async function shoot(panel, name) {
  // Nothing animates; one more frame makes sure the last change is painted.
  await panel.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const path = join(outDir, name);
  await panel.page.screenshot({ path });
  console.error(`[screenshots] wrote ${path}`);
}

async function main() {
  const harness = await startHarness();
  try {
    for (const theme of ['dark', 'light']) {
      const evolutions = await harness.open({ lines: recordedLines('deita.jsonl'), label: 'EvolComplexity + ComplexityScorer · deita.jsonl', theme, viewport, decisions: { 0: 'accepted', 3: 'rejected' } });
      await waitForFirstRows(evolutions.page);
      await evolutions.page.locator('.rows').focus();
      await evolutions.page.keyboard.press('ArrowDown');
      await evolutions.page.keyboard.press('ArrowDown');
      await shoot(evolutions, `results-evolutions-${theme}.png`);
      await evolutions.close();

      const scores = await harness.open({ lines: recordedLines('ultrafeedback.jsonl'), label: 'UltraFeedback · ultrafeedback.jsonl', theme, viewport, decisions: { 1: 'accepted' } });
      await waitForFirstRows(scores.page);
      await scores.page.getByRole('button', { name: /^Sort by ratings\[1\]/ }).click();
      await scores.page.locator('.rows').focus();
      await scores.page.keyboard.press('ArrowDown');
      await shoot(scores, `results-scores-${theme}.png`);
      if (theme === 'dark') {
        await scores.page.locator('.score-cell').nth(1).locator('.cell-text').first().click();
        await scores.page.locator('.call[open]').first().waitFor();
        await shoot(scores, 'results-details-dark.png');
      }
      await scores.close();

      const narrow = await harness.open({ lines: recordedLines('deita.jsonl'), label: 'EvolComplexity + ComplexityScorer · deita.jsonl', theme, viewport: { width: 576, height: 760 }, decisions: { 0: 'accepted' } });
      await waitForFirstRows(narrow.page);
      await narrow.page.locator('.row .version .cell-text').nth(1).click();
      await narrow.page.locator('.drawer .step-title').first().waitFor();
      await shoot(narrow, `results-narrow-${theme}.png`);
      await narrow.close();
    }
  } finally {
    await harness.close();
  }
}

main().catch((error) => {
  console.error(`[screenshots] ${error.stack ?? error}`);
  process.exit(1);
});
