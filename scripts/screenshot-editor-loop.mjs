// Takes the README's screenshots of the editor loop in a real VS Code (code-server + headless
// chromium, as the integration tests run it) against the project's mock endpoint:
//   docs/images/editor-context-menu.png  rows selected, the context menu with the Distillery commands
//   docs/images/editor-task-pick.png     Run Task on Selected Rows...: tasks grouped by category
//   docs/images/editor-progress.png      the cancellable progress notification during the run
//   docs/images/editor-after-run.png     the evolved rows, written in place
//
// Prerequisites: `bash scripts/install-test-host.sh` and `node esbuild.mjs`.
// Usage: node scripts/screenshot-editor-loop.mjs [output folder, default docs/images]
// Environment: DISTILLERY_KEEP_TMP=1 keeps the temp folder (logs, workspace).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  checkHostInstalled,
  freePort,
  HostError,
  killGroup,
  launchChromium,
  remoteUri,
  repoRoot,
  startCodeServer,
  userSettingsPath,
  workbenchUrl,
} from '../test/host/codeServerHost.mjs';

const outDir = resolve(process.argv[2] ?? join(repoRoot, 'docs', 'images'));
const keepTmp = process.env.DISTILLERY_KEEP_TMP === '1';
const say = (message) => console.error(`[screenshots] ${message}`);

const SAMPLE_ROWS = [
  { instruction: 'Explain what a hash map is in two sentences.' },
  { instruction: 'Write a haiku about autumn rain.' },
  { instruction: 'List three uses of baking soda around the house.' },
  { instruction: 'Describe how a bill becomes a law.' },
  { instruction: 'Suggest a name for a bakery that sells only bread.' },
  { instruction: 'Summarize the plot of Hamlet in one paragraph.' },
];

/** Starts the mock endpoint (its own process, ended by its pid); resolves with its base URL. */
function startMock() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/mock-openai-main.ts', '--model', 'llama3.1', '--latency-ms', '1500'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = new Promise((resolveUrl, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /MOCK_OPENAI_URL=(\S+)/.exec(output);
      if (match) resolveUrl(match[1]);
    });
    child.on('exit', (code) => reject(new HostError(`the mock endpoint exited (code ${code}) before listening`)));
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  return { url, stop };
}

async function shoot(page, name) {
  // Notifications fade in: wait until every one is fully drawn.
  // The function runs in the page, where document and getComputedStyle exist.
  /* global document, getComputedStyle */
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.notification-toast-container')].every((toast) => getComputedStyle(toast).opacity === '1'),
  );
  const path = join(outDir, name);
  await page.screenshot({ path });
  say(`wrote ${path}`);
}

async function main() {
  checkHostInstalled();
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new HostError('dist/extension.js is missing; run: node esbuild.mjs');
  mkdirSync(outDir, { recursive: true });

  const tmp = mkdtempSync(join(tmpdir(), 'distillery-shots-'));
  const workspace = join(tmp, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'seeds.jsonl'), `${SAMPLE_ROWS.map((row) => JSON.stringify(row)).join('\n')}\n`);
  const logStream = createWriteStream(join(tmp, 'code-server.log'));
  const mock = startMock();
  let server;
  let browser;
  let page;
  let failed = false;
  try {
    const mockUrl = await mock.url;
    mkdirSync(dirname(userSettingsPath(tmp)), { recursive: true });
    writeFileSync(
      userSettingsPath(tmp),
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'editor.minimap.enabled': false,
          'editor.wordWrap': 'on',
          'editor.fontSize': 13,
          'chat.commandCenter.enabled': false,
          'window.commandCenter': false,
          // Result rows without their metadata, so the screenshot shows what was added.
          'distillery.output.includeMetadata': false,
          'distillery.llm.baseUrl': mockUrl,
          'distillery.llm.model': 'llama3.1',
          // One request at a time, so the progress notification shows rows finishing one by one.
          'distillery.llm.maxConcurrency': 1,
        },
        null,
        2,
      ),
    );

    const port = await freePort();
    let listening;
    const ready = new Promise((resolveReady) => (listening = resolveReady));
    server = startCodeServer({
      port,
      tmp,
      workspace,
      logStream,
      onLine: (line) => {
        if (/HTTP server listening on/.test(line)) listening();
      },
    });
    await ready;
    browser = await launchChromium(tmp);
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const payload = [
      ['extensionDevelopmentPath', remoteUri(port, repoRoot)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(workbenchUrl(port, workspace, payload));
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.statusbar').waitFor();

    // Open the sample file through Quick Open.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('seeds.jsonl');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'hash map' }).waitFor();
    await page.locator('.statusbar-item', { hasText: 'default' }).waitFor();

    // Select rows 2 to 4, the last one partly: a partly selected line counts as a whole row.
    const line = (text) => editor.locator('.view-line', { hasText: text });
    const from = await line('haiku').boundingBox();
    await page.mouse.click(from.x + 40, from.y + from.height / 2);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    // Right-click inside the selection, which keeps it.
    const last = await line('bill becomes').boundingBox();
    await page.mouse.click(last.x + 120, last.y + last.height / 2, { button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.getByText('Run Task on Selected Rows...').waitFor();
    await shoot(page, 'editor-context-menu.png');

    await menu.getByText('Run Task on Selected Rows...').click();
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.getByText('EvolQuality').first().waitFor();
    await shoot(page, 'editor-task-pick.png');

    await page.keyboard.type('EvolInstruct');
    await page.keyboard.press('Enter');
    // num_evolutions comes from the settings (distillery.evolInstruct.numEvolutions), so the
    // next step is the last: where the results go.
    await quickInput.getByText('Run: write into the selected rows').waitFor();
    await page.keyboard.press('Enter');

    const toasts = page.locator('.notifications-toasts');
    await toasts.getByText('EvolInstruct on 3 rows of seeds.jsonl').waitFor();
    // One row done, the others under way: the notification with its Cancel button.
    await toasts.getByText(/1\/3 rows/).waitFor();
    await toasts.getByRole('button', { name: 'Cancel' }).waitFor();
    await shoot(page, 'editor-progress.png');

    await toasts.getByText(/wrote 3 of 3 rows in place/).waitFor({ timeout: 60_000 });
    await line('evolved_instruction').first().waitFor();
    await shoot(page, 'editor-after-run.png');
  } catch (error) {
    failed = true;
    // What the page showed when a step failed, to see which one.
    if (page) await page.screenshot({ path: join(tmp, 'failure.png') }).catch(() => {});
    throw error;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await killGroup(server.child.pid, say);
    await mock.stop();
    await new Promise((done) => logStream.end(done));
    if (keepTmp || failed) say(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    say(`FAILED: ${error instanceof HostError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  },
);
