// Benchmark of the extension's activation and bundle sizes (issue 11: dist/extension.js under
// 1 MB, activation under 50 ms, a YAML file that is not a pipeline costing nothing measurable).
//
// Each figure is the median over fresh Node processes, each of which loads the built bundle
// (dist/, as built: `npm run bench` builds the production bundles first) against a stand-in
// `vscode` module and times, with performance.now():
//
//   activate (no editor)       require('dist/extension.js') + activate(): what a window pays
//                              when a YAML file that is not a pipeline activates the extension
//   activate (JSONL editor)    the same with a JSONL file in the active editor
//   status bar                 what that activation left for just after it returned: the JSONL
//                              editor's status bar item (dist/profileStatusBar.js)
//   YAML file opened           one more YAML file that is not a pipeline opened after activation:
//                              the listeners VS Code calls for it
//   first command              the first command after activation: dist/extensionServices.js
//                              loaded and the services made (Cancel Run, which sends nothing)
//
// Baseline, in the same processes: Node's own start-up, from the process's start to the first
// line of this script (performance.now() there), so the ratio says how many Node start-ups an
// activation costs on this machine whatever its speed.
//
// The stand-in `vscode` answers every property with a do-nothing function (a Proxy) except what
// activation reads: events, configuration defaults, the active editor, `languages.match`. It
// runs no editor, so the figures are the extension's own JavaScript, not VS Code's work around it.
//
// Usage: node bench/activation.bench.mjs [--runs 15] [--dist dist]
// Prints the tables and writes bench/results/activation.json (not checked in).
import { spawnSync } from 'node:child_process';
import { setImmediate } from 'node:timers';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchResults } from './benchResults.mjs';

const startupMs = performance.now();
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const argValue = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
};
const RUNS = Number(argValue('--runs', 15));
const DIST = resolve(repoRoot, argValue('--dist', 'dist'));

/** A do-nothing value for everything activation does not look at: callable, constructible, disposable. */
const anything = new Proxy(function () {}, {
  get: (_target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : anything),
  set: () => true,
  apply: () => anything,
  construct: () => anything,
});

/** Event sources whose listeners are kept, so the probe can fire them. */
function eventSource() {
  const listeners = [];
  const event = (listener) => {
    listeners.push(listener);
    return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
  };
  return { event, fire: (value) => listeners.forEach((listener) => listener(value)) };
}

function fakeVscode(activeDocument) {
  const opened = eventSource();
  const editorChanged = eventSource();
  const commands = new Map();
  const stub = (members) => new Proxy(members, { get: (target, key) => (key in target ? target[key] : anything) });
  class EventEmitter {
    #source = eventSource();
    event = this.#source.event;
    fire(value) {
      this.#source.fire(value);
    }
    dispose() {}
  }
  class Disposable {
    constructor(dispose) {
      this.dispose = dispose;
    }
    static from(...disposables) {
      return new Disposable(() => disposables.forEach((disposable) => disposable.dispose()));
    }
  }
  // Bundles copy the module's own properties (esbuild's __toESM) onto an object with the module's
  // prototype: what is not listed here falls through to `anything`.
  const vscode = Object.setPrototypeOf({
    EventEmitter,
    Disposable,
    window: stub({
      activeTextEditor: activeDocument ? { document: activeDocument } : undefined,
      onDidChangeActiveTextEditor: editorChanged.event,
    }),
    workspace: stub({
      textDocuments: activeDocument ? [activeDocument] : [],
      onDidOpenTextDocument: opened.event,
      getConfiguration: () => ({ get: (_key, fallback) => fallback, inspect: () => undefined, has: () => false }),
      isTrusted: true,
    }),
    languages: stub({
      // Enough for the selectors activation uses: a language and a `**/*.<suffix>` pattern.
      match: (selector, document) => (selector.language === document.languageId && (!selector.pattern || document.fileName.endsWith(selector.pattern.replace('**/*', ''))) ? 10 : 0),
    }),
    commands: stub({
      registerCommand: (id, handler) => {
        commands.set(id, handler);
        return { dispose: () => commands.delete(id) };
      },
      executeCommand: async () => undefined,
    }),
  }, anything);
  return { vscode, commands, openDocument: opened.fire };
}

function document(fileName, languageId) {
  return { fileName, languageId, uri: { fsPath: fileName, toString: () => `file://${fileName}` }, getText: () => '' };
}

/** One fresh process's figures (run with --probe). */
async function probe() {
  const jsonl = process.argv.includes('--jsonl');
  const fake = fakeVscode(jsonl ? document('/work/rows.jsonl', 'jsonl') : undefined);
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? fake.vscode : load.call(this, request, ...rest);
  };
  const context = {
    subscriptions: [],
    secrets: anything,
    workspaceState: { get: () => undefined, update: async () => {} },
    globalStorageUri: { fsPath: '/tmp/distillery-bench-storage', toString: () => 'file:///tmp/distillery-bench-storage' },
    extensionUri: anything,
    logUri: anything,
    asAbsolutePath: (path) => join(DIST, '..', path),
  };
  const bundlesLoaded = () => Object.keys(Module._cache).filter((path) => path.startsWith(DIST)).map((path) => path.slice(DIST.length + 1));
  const started = performance.now();
  const extension = Module.createRequire(join(DIST, 'extension.js'))('./extension.js');
  extension.activate(context);
  const activated = performance.now();
  const loadedBundles = bundlesLoaded();
  // What activation left for just after it (the status bar of a JSONL editor already open).
  await new Promise((resolve) => setImmediate(resolve));
  const settled = performance.now();
  const loadedJustAfter = bundlesLoaded();
  fake.openDocument(document('/work/compose.yaml', 'yaml'));
  const yamlOpened = performance.now();
  await fake.commands.get('distillery.cancelRun')?.();
  const commandRan = performance.now();
  process.stdout.write(
    JSON.stringify({ startupMs, activateMs: activated - started, justAfterMs: settled - activated, yamlOpenedMs: yamlOpened - settled, firstCommandMs: commandRan - yamlOpened, loadedBundles, loadedJustAfter }),
  );
}

function runProbe(jsonl) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--probe', '--dist', DIST, ...(jsonl ? ['--jsonl'] : [])], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the activation probe failed:\n${child.stderr.slice(-3000)}`);
  return JSON.parse(child.stdout);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function bundleSizes() {
  return Object.fromEntries(
    readdirSync(DIST)
      .filter((name) => name.endsWith('.js'))
      .sort()
      .map((name) => [name, statSync(join(DIST, name)).size]),
  );
}

async function main() {
  const samples = { plain: [], jsonl: [] };
  // Alternated, so a burst of load from other work falls on both kinds of run alike.
  for (let run = 0; run < RUNS; run++) {
    samples.plain.push(runProbe(false));
    samples.jsonl.push(runProbe(true));
  }
  const figure = (kind, key) => median(samples[kind].map((sample) => sample[key]));
  const startupMs = median([...samples.plain, ...samples.jsonl].map((sample) => sample.startupMs));
  // esbuild leaves a development build's source map reference at the end of each bundle.
  const development = readFileSync(join(DIST, 'extension.js'), 'utf8').includes('//# sourceMappingURL=');
  const result = {
    runs: RUNS,
    build: development ? 'development' : 'production',
    baselineStartupMs: startupMs,
    activateMs: figure('plain', 'activateMs'),
    activateJsonlMs: figure('jsonl', 'activateMs'),
    statusBarJsonlMs: figure('jsonl', 'justAfterMs'),
    yamlOpenedMs: figure('plain', 'yamlOpenedMs'),
    firstCommandMs: figure('plain', 'firstCommandMs'),
    bundlesAtActivation: samples.plain[0].loadedBundles,
    bundlesAtActivationJsonl: samples.jsonl[0].loadedBundles,
    bundlesJustAfterJsonl: samples.jsonl[0].loadedJustAfter,
    bytes: bundleSizes(),
  };
  const ms = (value) => `${value < 1 ? value.toFixed(3) : value.toFixed(1)} ms`;
  console.log(`Activation, median of ${RUNS} fresh processes each (${result.build} build); baseline: Node's own start-up in the same processes`);
  console.log('| measure | baseline | time | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [label, value] of [
    ['activate, no editor (a YAML file that is not a pipeline)', result.activateMs],
    ['activate, a JSONL editor open', result.activateJsonlMs],
    ['the status bar, just after that activation (profiles validated: zod)', result.statusBarJsonlMs],
    ['a YAML file that is not a pipeline opened after activation', result.yamlOpenedMs],
    ['the first command (dist/extensionServices.js loaded)', result.firstCommandMs],
  ]) {
    console.log(`| ${label} | ${ms(startupMs)} | ${ms(value)} | ${(value / startupMs).toFixed(3)} |`);
  }
  console.log('');
  console.log(`Bundles (${result.build} build); loaded at activation: ${result.bundlesAtActivation.join(', ')} (with a JSONL editor: ${result.bundlesAtActivationJsonl.join(', ')}; just after: ${result.bundlesJustAfterJsonl.join(', ')})`);
  console.log('| bundle | bytes |');
  console.log('|---|---:|');
  for (const [name, bytes] of Object.entries(result.bytes)) console.log(`| dist/${name} | ${bytes.toLocaleString('en-US')} |`);
  writeBenchResults('activation', result);
}

if (process.argv.includes('--probe')) await probe();
else await main();
